using System.Runtime.InteropServices;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Search;

/// <summary>
/// In-memory inverted index over one user's messages (or one panel's): term → postings with
/// positions, a document table, per-session high-water marks and entity sets. Not thread-safe: the
/// owning grain calls it one turn at a time. Persisted whole by <see cref="FullTextSegment"/>.
/// The index is a cache of the logs: callers compare <see cref="HighWaterMark"/> with the log and
/// feed what is missing; it is never the source of truth.
/// </summary>
public sealed partial class FullTextIndex
{
    private readonly Dictionary<string, PostingList> _terms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PostingList>.AlternateLookup<ReadOnlySpan<char>> _termLookup;
    private readonly Dictionary<string, IndexedSession> _sessions = new(StringComparer.Ordinal);
    private readonly List<IndexedSession?> _sessionsByOrdinal = [];
    private readonly Dictionary<string, int> _roles = new(StringComparer.Ordinal);
    private readonly List<string> _roleNames = [];
    private readonly DocumentTable _documents = new();

    public FullTextIndex(TokenizerOptions? tokenizer = null, Bm25Parameters? bm25 = null)
    {
        Tokenizer = new Tokenizer(tokenizer);
        Bm25 = bm25 ?? Bm25Parameters.Default;
        _termLookup = _terms.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public Tokenizer Tokenizer { get; }

    public Bm25Parameters Bm25 { get; }

    /// <summary>Messages currently indexed (removed ones are not counted).</summary>
    public int DocumentCount => _documents.LiveCount;

    /// <summary>Distinct terms with at least one posting.</summary>
    public int TermCount => _terms.Count;

    /// <summary>Sum of the lengths (indexed tokens) of all documents.</summary>
    public long TotalLength => _documents.TotalLength;

    /// <summary>Ids of the sessions the index holds messages or entities for.</summary>
    public IReadOnlyCollection<string> Sessions => _sessions.Keys;

    /// <summary>The highest sequence number indexed for the session; 0 when none.</summary>
    public long HighWaterMark(string sessionId) =>
        _sessions.TryGetValue(sessionId, out var session) ? session.HighWaterMark : 0;

    /// <summary>
    /// Indexes a message of a session. Messages must come in sequence order: one whose
    /// <see cref="ChatMessage.Seq"/> is not above the session's high-water mark is already covered
    /// and is ignored (returns false), so replaying a log tail twice is harmless.
    /// </summary>
    public bool Add(string sessionId, ChatMessage message)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(message);
        var session = GetOrAddSession(sessionId);
        if (message.Seq <= session.HighWaterMark)
        {
            return false;
        }

        var document = _documents.Allocate(message, session.Ordinal, InternRole(message.Role));
        var length = 0;
        foreach (var token in Tokenizer.Tokenize(message.Content))
        {
            ref var postings = ref CollectionsMarshal.GetValueRefOrAddDefault(_termLookup, token.Term, out _);
            postings ??= new PostingList();
            postings.Add(document, token.Position);
            length++;
        }

        _documents.SetLength(document, length);
        session.Documents.Add(document);
        session.HighWaterMark = message.Seq;
        return true;
    }

    /// <summary>
    /// Replaces the entity names of a session (from its situational context); the entity filter
    /// matches them folded. Entities of a session with no messages yet are kept for when they come.
    /// </summary>
    public void SetSessionEntities(string sessionId, IEnumerable<string> entities)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(entities);
        var session = GetOrAddSession(sessionId);
        session.Entities.Clear();
        foreach (var entity in entities)
        {
            if (!string.IsNullOrWhiteSpace(entity))
            {
                session.Entities.Add(Tokenizer.FoldName(entity));
            }
        }
    }

    /// <summary>The folded entity names recorded for a session.</summary>
    public IReadOnlyCollection<string> SessionEntities(string sessionId) =>
        _sessions.TryGetValue(sessionId, out var session) ? session.Entities : [];

    /// <summary>Forgets everything (a user deleted); the caller deletes the persisted files.</summary>
    public void Clear()
    {
        _terms.Clear();
        _sessions.Clear();
        _sessionsByOrdinal.Clear();
        _roles.Clear();
        _roleNames.Clear();
        _documents.Clear();
    }

    private IndexedSession GetOrAddSession(string sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            session = new IndexedSession(sessionId, _sessionsByOrdinal.Count);
            _sessions.Add(sessionId, session);
            _sessionsByOrdinal.Add(session);
        }

        return session;
    }

    private int InternRole(string role)
    {
        if (!_roles.TryGetValue(role, out var ordinal))
        {
            ordinal = _roleNames.Count;
            _roles.Add(role, ordinal);
            _roleNames.Add(role);
        }

        return ordinal;
    }
}
