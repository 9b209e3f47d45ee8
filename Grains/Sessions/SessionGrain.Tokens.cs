using ChatDb.Grains.Models;

namespace ChatDb.Grains.Sessions;

/// <summary>Token counts of the whole session; "the newest messages that fit" is <see cref="MessageQuery.FitTokens"/>.</summary>
public sealed partial class SessionGrain
{
    public async Task<MessageTokenTotals> GetTokenTotalsAsync()
    {
        RequireSession();
        return new MessageTokenTotals(_messages.Count, await _messages.TotalTokensAsync(), _messages.TokenEncoding ?? string.Empty);
    }
}
