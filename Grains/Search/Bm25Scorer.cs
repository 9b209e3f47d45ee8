namespace ChatDb.Grains.Search;

/// <summary>BM25 for one query: the collection statistics are fixed for its duration.</summary>
internal sealed class Bm25Scorer(Bm25Parameters parameters, long documentCount, long totalLength, int[] lengths)
{
    private readonly double _k1 = parameters.K1;
    private readonly double _averageLength = documentCount == 0 ? 1 : (double)totalLength / documentCount;
    private readonly double _b = parameters.B;

    public long DocumentCount { get; } = documentCount;

    public double Idf(long docFrequency) => Bm25Parameters.Idf(DocumentCount, docFrequency);

    public double Score(double idf, int frequency, int document)
    {
        var norm = _k1 * (1 - _b + _b * lengths[document] / _averageLength);
        return idf * (frequency * (_k1 + 1)) / (frequency + norm);
    }
}
