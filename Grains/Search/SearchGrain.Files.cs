using Orleans;

namespace ChatDb.Grains.Search;

public sealed partial class SearchGrain
{
    /// <summary>Reads the index files; anything unusable is logged and replaced by an empty index the logs refill.</summary>
    private async Task<MessageSearchIndex> LoadAsync(CancellationToken cancellationToken)
    {
        var text = FullTextSegment.Read(
            await _files.ReadAsync(this.GetGrainId(), IndexCollection, FullTextSegment.FileName, cancellationToken), _options.Tokenizer);
        if (text.Status is not (SegmentLoadStatus.Loaded or SegmentLoadStatus.Missing))
        {
            SearchLog.SegmentNotUsable(_logger, _userId, text.Reason);
        }

        VectorIndex? vectors = null;
        if (_embedder is not null)
        {
            var identity = await EmbedderIdentity.OfAsync(_embedder, cancellationToken);
            var stored = VectorSegment.Read(
                await _files.ReadAsync(this.GetGrainId(), IndexCollection, VectorSegment.FileName, cancellationToken), identity);
            if (stored.Status is not (SegmentLoadStatus.Loaded or SegmentLoadStatus.Missing))
            {
                SearchLog.VectorsNotUsable(_logger, _userId, stored.Reason);
            }

            vectors = stored.Value ?? new VectorIndex(identity);
        }

        return new MessageSearchIndex(text.Value ?? new FullTextIndex(_options.Tokenizer), vectors, _embedder);
    }

    /// <summary>Writes both files (each atomically, by the storage provider), or removes them when the index is empty.</summary>
    private async Task FlushAsync()
    {
        await _fileGate.WaitAsync();
        try
        {
            if (!_dirty)
            {
                return;
            }

            _dirty = false;
            if (_index.Sessions.Count == 0)
            {
                await _files.DeleteAllAsync(this.GetGrainId());
                return;
            }

            await _readers.BeforeChangeAsync(); // writing compacts the document table first
            var text = FullTextSegment.Write(_index.FullText);
            var vectors = _index.Vectors is { } v ? VectorSegment.Write(v) : null;
            await _files.WriteAsync(this.GetGrainId(), IndexCollection, FullTextSegment.FileName, text);
            if (vectors is not null)
            {
                await _files.WriteAsync(this.GetGrainId(), IndexCollection, VectorSegment.FileName, vectors);
            }
            else
            {
                await _files.DeleteAsync(this.GetGrainId(), IndexCollection, VectorSegment.FileName);
            }
        }
        catch
        {
            _dirty = true;
            throw;
        }
        finally
        {
            _fileGate.Release();
        }
    }

    private async Task DeleteFilesAsync()
    {
        await _fileGate.WaitAsync();
        try
        {
            _dirty = false;
            _flushTimer?.Dispose();
            _flushTimer = null;
            await _files.DeleteAllAsync(this.GetGrainId());
        }
        finally
        {
            _fileGate.Release();
        }
    }
}
