using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CustomerService.Simulator.WeChat.Api;

/// <summary>
/// The state and rules behind <see cref="FakeWeChatApiServer"/>: accounts, tokens, users' grants, typing, faults
/// and the record of what was sent. One lock guards everything; the HTTP layer only parses and renders.
/// </summary>
internal sealed class FakeWeChatPlatform(FakeWeChatApiOptions options)
{
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    private readonly Lock _gate = new();
    private readonly TimeProvider _time = options.TimeProvider;
    private readonly Dictionary<string, FakeAccount> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeToken> _tokens = new(StringComparer.Ordinal);
    private readonly List<FakeSentMessage> _sent = [];
    private readonly List<FakeTypingCall> _typing = [];
    private readonly List<FakeWeChatFault> _faults = [];
    private readonly Dictionary<string, FakeTokenCallCounts> _callsByAppId = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = NewSignal();
    private long _sequence;
    private int _normalTokenCalls;
    private int _forceRefreshCalls;
    private int _classicTokenCalls;

    public int NormalTokenCalls => Volatile.Read(ref _normalTokenCalls);

    public int ForceRefreshCalls => Volatile.Read(ref _forceRefreshCalls);

    public int ClassicTokenCalls => Volatile.Read(ref _classicTokenCalls);

    public FakeTokenCallCounts TokenCallsFor(string appId)
    {
        lock (_gate)
        {
            return _callsByAppId.GetValueOrDefault(appId);
        }
    }

    public IReadOnlyList<FakeSentMessage> SentMessages
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    public IReadOnlyList<FakeTypingCall> TypingCalls
    {
        get
        {
            lock (_gate)
            {
                return [.. _typing];
            }
        }
    }

    public void RegisterAccount(string appId, string appSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(appSecret);
        lock (_gate)
        {
            _accounts[appId] = new FakeAccount(appId, appSecret);
        }
    }

    public void RecordUserMessage(string appId, string openId, DateTimeOffset? at)
    {
        lock (_gate)
        {
            UserOf(appId, openId).RecordUserMessage(at ?? _time.GetUtcNow());
        }
    }

    public void RecordInteraction(string appId, string openId, DateTimeOffset? at)
    {
        lock (_gate)
        {
            UserOf(appId, openId).RecordInteraction(at ?? _time.GetUtcNow());
        }
    }

    public void SetUserOptedOut(string appId, string openId, bool optedOut)
    {
        lock (_gate)
        {
            UserOf(appId, openId).OptedOut = optedOut;
        }
    }

    public void SetAccountPermission(string appId, bool canUseCustomerService)
    {
        lock (_gate)
        {
            AccountOf(appId).CanUseCustomerService = canUseCustomerService;
        }
    }

    /// <summary>The current stable token is rejected from now on, while normal mode keeps returning it.</summary>
    public void RevokeCurrentToken(string appId)
    {
        lock (_gate)
        {
            var account = AccountOf(appId);
            var token = account.Stable ?? throw new InvalidOperationException($"{appId} has no stable token to revoke yet.");
            token.Rejected = true;
        }
    }

    /// <summary>Replaces the current stable token, as another party's force refresh would; the old one is rejected.</summary>
    public string RotateToken(string appId)
    {
        lock (_gate)
        {
            var account = AccountOf(appId);
            if (account.Stable is { } old)
            {
                old.Rejected = true;
            }

            account.Stable = Issue(account, _time.GetUtcNow());
            return account.Stable.Value;
        }
    }

    /// <summary>The account's current stable token, or null before the first call.</summary>
    public string? CurrentToken(string appId)
    {
        lock (_gate)
        {
            return AccountOf(appId).Stable?.Value;
        }
    }

    public void EnqueueFault(FakeWeChatFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(fault.Count, 1, nameof(fault));
        if (fault.Kind == FakeWeChatFaultKind.HttpStatus && fault.Code is < 100 or > 599)
        {
            throw new ArgumentException($"HTTP status {fault.Code} is not a status code.", nameof(fault));
        }

        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>Takes one use of the first fault that matches the call, if any.</summary>
    public FakeWeChatFault? TakeFault(FakeWeChatEndpoint endpoint, string? openId)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => f.Endpoint == endpoint && (f.OpenId is null || string.Equals(f.OpenId, openId, StringComparison.Ordinal)));
            if (index < 0)
            {
                return null;
            }

            var fault = _faults[index];
            if (fault.Skip > 0)
            {
                _faults[index] = fault with { Skip = fault.Skip - 1 };
                return null;
            }

            if (fault.Count <= 1)
            {
                _faults.RemoveAt(index);
            }
            else
            {
                _faults[index] = fault with { Count = fault.Count - 1 };
            }

            return fault;
        }
    }

    /// <summary>Counts a stable_token call as received, before faults and rules.</summary>
    public void CountStableTokenCall(JsonNode? body)
    {
        var forceRefresh = IsForceRefresh(body);
        Interlocked.Increment(ref forceRefresh ? ref _forceRefreshCalls : ref _normalTokenCalls);
        if (body is JsonObject && Text(body["appid"]) is { } appId)
        {
            lock (_gate)
            {
                var counts = _callsByAppId.GetValueOrDefault(appId);
                _callsByAppId[appId] = forceRefresh ? counts with { ForceRefresh = counts.ForceRefresh + 1 } : counts with { Normal = counts.Normal + 1 };
            }
        }
    }

    /// <summary>Counts a <c>/cgi-bin/token</c> call as received, before faults and rules.</summary>
    public void CountClassicTokenCall() => Interlocked.Increment(ref _classicTokenCalls);

    /// <summary><c>POST /cgi-bin/stable_token</c>.</summary>
    public FakeTokenAnswer StableToken(JsonNode? body)
    {
        var forceRefresh = IsForceRefresh(body);
        if (body is not JsonObject)
        {
            return FakeTokenAnswer.Error(FakeWeChatErrors.DataFormat);
        }

        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var check = CheckCredentials(Text(body["grant_type"]), Text(body["appid"]), Text(body["secret"]), out var account);
            if (check != FakeWeChatErrors.Ok)
            {
                return FakeTokenAnswer.Error(check);
            }

            if (forceRefresh)
            {
                var today = DateOnly.FromDateTime(now.ToOffset(FakeWeChatRules.BeijingOffset).DateTime);
                if (account!.ForceRefreshDay != today)
                {
                    account.ForceRefreshDay = today;
                    account.ForceRefreshesToday = 0;
                }

                if (account.ForceRefreshesToday >= options.ForceRefreshDailyCap)
                {
                    return FakeTokenAnswer.Error(FakeWeChatErrors.DailyQuota);
                }

                // Within the minimum interval the platform "does not refresh": it answers the current token as normal
                // mode would, and the call does not count against the daily cap.
                if (account.LastForceRefreshAt is not { } last || now - last >= options.ForceRefreshMinInterval)
                {
                    if (account.Stable is { } old)
                    {
                        old.Rejected = true;
                    }

                    account.Stable = Issue(account, now);
                    account.LastForceRefreshAt = now;
                    account.ForceRefreshesToday++;
                    return Answer(account.Stable, now);
                }
            }

            // Normal mode: the same token while valid, renewed in its last minutes (the old one stays valid until it
            // expires). A revoked token is still returned here: only a force refresh replaces it.
            if (account!.Stable is not { } current || now >= current.ExpiresAt - FakeWeChatRules.StableRenewBefore)
            {
                account.Stable = Issue(account, now);
            }

            return Answer(account.Stable, now);
        }
    }

    /// <summary><c>GET /cgi-bin/token</c>: a new token each call; the previous one keeps working for 5 minutes.</summary>
    public FakeTokenAnswer ClassicToken(string? grantType, string? appId, string? secret)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var check = CheckCredentials(grantType, appId, secret, out var account);
            if (check != FakeWeChatErrors.Ok)
            {
                return FakeTokenAnswer.Error(check);
            }

            if (account!.Classic is { } previous && previous.ExpiresAt > now + FakeWeChatRules.ClassicOverlap)
            {
                previous.ExpiresAt = now + FakeWeChatRules.ClassicOverlap;
            }

            account.Classic = Issue(account, now);
            return Answer(account.Classic, now);
        }
    }

    /// <summary><c>POST /cgi-bin/message/custom/send</c>.</summary>
    public int Send(string? accessToken, JsonNode? body, string rawBody, out FakeSentMessage? sent)
    {
        sent = null;
        TaskCompletionSource? changed = null;
        int code;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            code = Authorize(accessToken, now, out var account);
            if (code == FakeWeChatErrors.Ok)
            {
                code = CheckRecipient(account!, body, out var openId, out var user);
                if (code == FakeWeChatErrors.Ok)
                {
                    code = CheckText(body!, out var text);
                    if (code == FakeWeChatErrors.Ok && options.EnforceQuota)
                    {
                        code = user!.TrySpend(now);
                    }
                    else if (code == FakeWeChatErrors.Ok)
                    {
                        user?.CancelTyping();
                    }

                    if (code == FakeWeChatErrors.Ok)
                    {
                        sent = new FakeSentMessage { Sequence = ++_sequence, AppId = account!.AppId, OpenId = openId!, Text = text!, RawBody = rawBody, At = now };
                        _sent.Add(sent);
                        changed = _changed;
                        _changed = NewSignal();
                    }
                }
            }
        }

        changed?.TrySetResult();
        return code;
    }

    /// <summary><c>POST /cgi-bin/message/custom/typing</c>.</summary>
    public int Typing(string? accessToken, JsonNode? body, out FakeTypingCall? call)
    {
        call = null;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var code = Authorize(accessToken, now, out var account);
            if (code != FakeWeChatErrors.Ok)
            {
                return code;
            }

            code = CheckRecipient(account!, body, out var openId, out var user);
            if (code != FakeWeChatErrors.Ok)
            {
                return code;
            }

            var command = Text(body!["command"]) ?? string.Empty;
            code = command switch
            {
                "Typing" when user is null => FakeWeChatErrors.Ok,
                "Typing" => user.StartTyping(now),
                "CancelTyping" => Cancel(user),
                _ => FakeWeChatErrors.TypingBadCommand,
            };
            call = new FakeTypingCall { AppId = account!.AppId, OpenId = openId!, Command = command, At = now, ErrorCode = code };
            _typing.Add(call);
            return code;
        }

        static int Cancel(FakeUser? user)
        {
            user?.CancelTyping();
            return FakeWeChatErrors.Ok;
        }
    }

    /// <summary>Waits, without polling, until <paramref name="until"/> holds for the sent messages.</summary>
    public async Task WaitForSentAsync(Func<IReadOnlyList<FakeSentMessage>, bool> until, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(until);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<FakeSentMessage> snapshot;
            Task changed;
            lock (_gate)
            {
                snapshot = [.. _sent];
                changed = _changed.Task;
            }

            if (until(snapshot))
            {
                return;
            }

            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException(Describe(snapshot, timeout));
            }

            try
            {
                await changed.WaitAsync(left, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Checked once more at the top of the loop, then reported with what was sent.
            }
        }
    }

    private static string Describe(IReadOnlyList<FakeSentMessage> sent, TimeSpan timeout)
    {
        var text = new StringBuilder().Append(
            CultureInfo.InvariantCulture, $"The condition on sent messages did not hold within {timeout.TotalSeconds:F1} s. Sent: {sent.Count}");
        foreach (var message in sent.TakeLast(10))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  #{message.Sequence} {message.AppId} → {message.OpenId}: {message.Text}");
        }

        return text.ToString();
    }

    private int CheckCredentials(string? grantType, string? appId, string? secret, out FakeAccount? account)
    {
        account = null;
        if (!string.Equals(grantType, "client_credential", StringComparison.Ordinal))
        {
            return FakeWeChatErrors.InvalidGrantType;
        }

        if (appId is null || !_accounts.TryGetValue(appId, out account))
        {
            return FakeWeChatErrors.InvalidAppId;
        }

        var expected = Encoding.UTF8.GetBytes(account.AppSecret);
        var actual = Encoding.UTF8.GetBytes(secret ?? string.Empty);
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? FakeWeChatErrors.Ok : FakeWeChatErrors.InvalidAppSecret;
    }

    private int Authorize(string? accessToken, DateTimeOffset now, out FakeAccount? account)
    {
        account = null;
        if (string.IsNullOrEmpty(accessToken))
        {
            return FakeWeChatErrors.AccessTokenMissing;
        }

        if (!_tokens.TryGetValue(accessToken, out var token) || token.Rejected)
        {
            return FakeWeChatErrors.InvalidCredential;
        }

        if (now >= token.ExpiresAt)
        {
            return FakeWeChatErrors.AccessTokenExpired;
        }

        account = _accounts[token.AppId];
        return account.CanUseCustomerService ? FakeWeChatErrors.Ok : FakeWeChatErrors.Unauthorized;
    }

    // The user must be known (they wrote or interacted) unless the quota is off; a known user who turned off
    // messages gets 48002.
    private int CheckRecipient(FakeAccount account, JsonNode? body, out string? openId, out FakeUser? user)
    {
        user = null;
        openId = body is JsonObject ? Text(body["touser"]) : null;
        if (body is not JsonObject)
        {
            return FakeWeChatErrors.DataFormat;
        }

        if (string.IsNullOrEmpty(openId))
        {
            return FakeWeChatErrors.InvalidOpenId;
        }

        if (!account.Users.TryGetValue(openId, out user))
        {
            return options.EnforceQuota ? FakeWeChatErrors.InvalidOpenId : FakeWeChatErrors.Ok;
        }

        return user.OptedOut ? FakeWeChatErrors.UserRefuses : FakeWeChatErrors.Ok;
    }

    private static int CheckText(JsonNode body, out string? text)
    {
        text = null;
        if (!string.Equals(Text(body["msgtype"]), "text", StringComparison.Ordinal))
        {
            // The fake knows text messages only.
            return FakeWeChatErrors.InvalidMessageType;
        }

        text = body["text"] is JsonObject textObject ? Text(textObject["content"]) : null;
        if (text is null)
        {
            return FakeWeChatErrors.DataFormat;
        }

        return Encoding.UTF8.GetByteCount(text) > FakeWeChatRules.MaxTextBytes ? FakeWeChatErrors.ContentTooLong : FakeWeChatErrors.Ok;
    }

    private FakeToken Issue(FakeAccount account, DateTimeOffset now)
    {
        // Real tokens are opaque strings of about 140 characters from this alphabet; callers must store at least 512.
        var token = new FakeToken(RandomNumberGenerator.GetString(TokenAlphabet, 136), account.AppId, now + options.TokenLifetime);
        _tokens[token.Value] = token;
        return token;
    }

    private static FakeTokenAnswer Answer(FakeToken token, DateTimeOffset now) =>
        new(FakeWeChatErrors.Ok, token.Value, (int)Math.Max(1, Math.Floor((token.ExpiresAt - now).TotalSeconds)));

    private FakeAccount AccountOf(string appId) =>
        _accounts.TryGetValue(appId, out var account) ? account : throw new ArgumentException($"Account {appId} is not registered.", nameof(appId));

    private FakeUser UserOf(string appId, string openId)
    {
        ArgumentException.ThrowIfNullOrEmpty(openId);
        var account = AccountOf(appId);
        if (!account.Users.TryGetValue(openId, out var user))
        {
            user = new FakeUser();
            account.Users[openId] = user;
        }

        return user;
    }

    private static bool IsForceRefresh(JsonNode? body) =>
        body is JsonObject && body["force_refresh"] is JsonValue force && force.TryGetValue<bool>(out var forceRefresh) && forceRefresh;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
