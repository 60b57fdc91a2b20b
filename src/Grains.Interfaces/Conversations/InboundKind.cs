namespace CustomerService.Grains.Interfaces.Conversations;

/// <summary>What a user did, in channel-neutral terms. The ingress maps each platform's types onto these.</summary>
[Alias("cs.InboundKind")]
public enum InboundKind
{
    /// <summary>A type we do not know; tolerated, recorded and answered with nothing.</summary>
    Unknown = 0,

    /// <summary>A text message.</summary>
    Text = 1,

    /// <summary>An image.</summary>
    Image = 2,

    /// <summary>A voice message; <see cref="InboundMessage.Text"/> holds the platform's speech recognition when present.</summary>
    Voice = 3,

    /// <summary>A video or short video.</summary>
    Video = 4,

    /// <summary>A location the user shared in the chat.</summary>
    Location = 5,

    /// <summary>A shared link.</summary>
    Link = 6,

    /// <summary>Content the platform itself cannot show us (WeChat stickers arrive as a placeholder text).</summary>
    UnsupportedContent = 7,

    /// <summary>The user followed the account (optionally through a parametric QR code).</summary>
    Subscribe = 20,

    /// <summary>The user unfollowed the account.</summary>
    Unsubscribe = 21,

    /// <summary>A follower scanned a parametric QR code.</summary>
    Scan = 22,

    /// <summary>A custom-menu click.</summary>
    MenuClick = 23,

    /// <summary>A custom-menu link; the user leaves the chat.</summary>
    MenuView = 24,

    /// <summary>A periodic location report (may arrive every 5 s).</summary>
    LocationReport = 25,

    /// <summary>A template-message delivery receipt.</summary>
    DeliveryReceipt = 26,

    /// <summary>A human agent accepted the user's session; <see cref="InboundMessage.EventKey"/> is the agent's account.</summary>
    HumanSessionOpened = 27,

    /// <summary>The human agent closed the session: the bot answers again.</summary>
    HumanSessionClosed = 28,

    /// <summary>The session moved to another agent; <see cref="InboundMessage.EventKey"/> is the new agent's account.</summary>
    HumanSessionSwitched = 29,
}
