namespace Barge.Ui.Tests;

/// <summary>
/// The system's Chromium (Debian's <c>chromium</c> package), which Playwright drives instead of downloading a browser.
/// Missing, a browser test skips saying how to install it, except under <c>CI=true</c>, where it fails: CI
/// (<c>.ci/run</c>) installs it, so its absence there is a fault to see, not a gap to hide.
/// </summary>
public static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";
    private const string Install = "install it with `apt-get install -y chromium`, or name another binary in BARGE_TEST_CHROMIUM";

    public static string Path => Environment.GetEnvironmentVariable("BARGE_TEST_CHROMIUM") is { Length: > 0 } p ? p : DefaultPath;

    /// <summary>The browser's path; call it in the test body (<see cref="Skip"/> works only there).</summary>
    public static string Require()
    {
        if (File.Exists(Path)) return Path;
        if (Environment.GetEnvironmentVariable("CI") == "true")
            throw new InvalidOperationException($"Chromium is not at {Path}, and under CI=true the browser tests must run: {Install}");
        Assert.SkipWhen(true, $"this test needs Chromium at {Path}: {Install}");
        return Path;
    }
}
