using ChatDb.Grains.Internal;
using ChatDb.Grains.Models;
using Orleans;
using Orleans.Runtime;
using ChatDb.Storage.Files;
using ChatDb.Storage.Logs;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using ChatDb.Storage.Options;
using ChatDb.Storage.Sessions;
using ChatDb.Storage.Trash;
using ChatDb.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Orleans.Providers;
using ChatDb.Storage.Fencing;

namespace ChatDb.Grains.Users;

/// <summary>
/// A user: the profile (state <c>profile</c>) and the session index (state <c>sessions</c>). Sessions
/// live in their own grains; this grain generates their ids, keeps the list ordered by activity and,
/// on delete, erases everything of the user.
/// </summary>
[FencedEntity]
[GrainType(ChatGrainTypes.User)]
public sealed partial class UserGrain : Grain, IUserGrain
{
    private readonly IPersistentState<UserProfile?> _profile;
    private readonly IPersistentState<SessionIndex> _index;
    private readonly IGrainFileStorage _files;
    private readonly ChatLimitsOptions _options;
    private readonly EntityIdFormat _ids;
    private readonly TimeProvider _time;
    private readonly ILogger<UserGrain> _logger;
    private readonly IUserSessionDirectory? _storedSessions;
    private readonly ITrashStore? _trash;
    private string _userId = string.Empty;

    public UserGrain(
        [PersistentState("profile")] IPersistentState<UserProfile?> profile,
        [PersistentState("sessions")] IPersistentState<SessionIndex> index,
        [PersistentLog("session_journal")] IPersistentLog<SessionJournalEntry> journal,
        [FromKeyedServices(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)] IGrainFileStorage files,
        IOptions<ChatLimitsOptions> options,
        EntityIdFormat ids,
        TimeProvider time,
        ILogger<UserGrain> logger,
        IServiceProvider services)
    {
        _profile = profile;
        _index = index;
        _journal = journal;
        _journaledRecords = services.GetService<IJournaledSessionRecords>();
        _files = files;
        _options = options.Value;
        _ids = ids;
        _time = time;
        _logger = logger;
        _storedSessions = services.GetService<IUserSessionDirectory>();
        _trash = services.GetService<ITrashStore>();
    }

    private string Subject => $"user {_userId}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _userId = ChatGrainKeys.ParseUser(this.GetPrimaryKeyString());
        LoadIndex();
        await RecoverJournalAsync(cancellationToken);
        await ReconcileWithStorageAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await FlushActivityAsync();
        await EmptyJournalAsync(cancellationToken);
    }

    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(_profile.State);

    public async Task<UserProfile> PutProfileAsync(UserProfileInput profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var now = ChatClock.Now(_time);
        var stored = new UserProfile(
            _userId,
            ValidateDisplayName(profile.DisplayName),
            _profile.State?.CreatedAt ?? now,
            now,
            JsonMaps.Copy(profile.Preferences),
            JsonMaps.Copy(profile.Data))
        {
            Fields = ProfileFields.Validate(profile.Fields, Subject),
        };
        await _profile.WriteOrRevertAsync(stored);
        return stored;
    }

    public async Task<UserProfile> UpdateProfileAsync(UserProfilePatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var current = _profile.State ?? throw new NotFoundError($"user {_userId} has no profile to update; create it with PutProfile first.");
        var updated = current with
        {
            DisplayName = patch.DisplayName is null ? current.DisplayName : ValidateDisplayName(patch.DisplayName),
            UpdatedAt = ChatClock.Now(_time),
            Preferences = JsonMaps.Merge(current.Preferences, patch.Preferences),
            Data = JsonMaps.Merge(current.Data, patch.Data),
            Fields = ProfileFields.Merge(current.Fields, patch.Fields, Subject),
        };
        await _profile.WriteOrRevertAsync(updated);
        return updated;
    }

    /// <summary>
    /// Erases every session (each session grain erases its own files, never into the trash), the user's personas, then
    /// the index and the profile, and finally asks the storage to erase whatever is left under the user (with the
    /// flatfile provider: the whole <c>users/{u}/</c> directory, orphans included) and the user's trash.
    /// </summary>
    public async Task<UserDeletionReport> DeleteAsync()
    {
        _deleting = true;
        SessionDeletionReport?[] sessionReports;
        (int Personas, int Versions) personaVersionsAndCount;
        try
        {
            sessionReports = await Task.WhenAll(_sessions.Keys.ToList().Select(DeleteSessionAsync));
            personaVersionsAndCount = await DeletePersonasAsync();
            await GrainFactory.GetGrain<IAgentCatalogGrain>(ChatGrainKeys.AgentCatalog(_userId)).DeleteAllAsync();
            await GrainFactory.GetGrain<IMemoryGrain>(ChatGrainKeys.Memory(_userId)).DeleteAllAsync();
            await GrainFactory.GetGrain<IKnowledgeGrain>(ChatGrainKeys.Knowledge(_userId)).DeleteAllAsync();
        }
        catch
        {
            // Part of the user may be gone: start over from storage on the next call (a retry finishes the job).
            DeactivateOnIdle();
            throw;
        }

        var profileExisted = _profile.RecordExists;

        await _indexGate.WaitAsync();
        try
        {
            await _profile.ClearStateAsync();
            await _index.ClearStateAsync();
            _sessions.Clear();
            _lastIssuedId = null;
            _indexDirty = false;
        }
        finally
        {
            _indexGate.Release();
        }

        var filesRemoved = await _files.DeleteAllAsync(this.GetGrainId());

        // The right to be forgotten: what the user deleted earlier goes too.
        if (_trash is not null)
        {
            filesRemoved += await _trash.EraseUserAsync(_userId);
        }

        DeactivateOnIdle();
        var deleted = sessionReports.OfType<SessionDeletionReport>().ToList();
        return new UserDeletionReport(
            _userId,
            profileExisted,
            deleted.Count,
            deleted.Sum(r => r.Messages),
            deleted.Sum(r => r.Documents),
            personaVersionsAndCount.Personas,
            filesRemoved + deleted.Sum(r => r.FilesRemoved) + personaVersionsAndCount.Versions);
    }

    private async Task<SessionDeletionReport?> DeleteSessionAsync(string sessionId)
    {
        try
        {
            return await GrainFactory.GetGrain<ISessionGrain>(ChatGrainKeys.Session(_userId, sessionId)).PurgeAsync();
        }
        catch (NotFoundError)
        {
            // Listed but never initialised (a crash between the two writes): nothing of it to remove.
            return null;
        }
    }

    private async Task<(int Personas, int Versions)> DeletePersonasAsync()
    {
        var catalog = GrainFactory.GetGrain<IPersonaCatalogGrain>(ChatGrainKeys.PersonaCatalog(_userId));
        var personaIds = await catalog.ListIdsAsync();
        var versions = await Task.WhenAll(personaIds.Select(
            id => GrainFactory.GetGrain<IPersonaGrain>(ChatGrainKeys.UserPersona(_userId, id)).DeleteAsync()));
        return (personaIds.Count, versions.Sum());
    }

    private string? ValidateDisplayName(string? displayName) =>
        displayName is null ? null : TextRules.Require(displayName, "display name", TextRules.MaxTitleLength, Subject);
}
