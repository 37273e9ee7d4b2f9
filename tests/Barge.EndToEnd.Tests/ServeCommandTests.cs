using System.Net;

namespace Barge.EndToEnd.Tests;

/// <summary><c>barge serve</c> as a user runs it: data survives a clean stop (SIGTERM) and a restart.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task Data_survives_a_graceful_stop_and_restart()
    {
        var data = BargeProcess.NewDataFolder();
        const string id = "2f6a1a3e-0c1f-4d8e-9b1a-5d2c3b4a6e7f";
        await using (var barge = await BargeProcess.StartAsync(data))
        {
            using var http = new HttpClient { BaseAddress = barge.Address };
            var created = await http.PostAsync("/v1/objects", new StringContent(
                "{\"class\":\"Note\",\"id\":\"" + id + "\",\"properties\":{\"text\":\"kept\"}}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            await barge.StopAsync();
            Assert.Equal(0, barge.ExitCode);
        }
        await using var again = await BargeProcess.StartAsync(data);
        using var client = new HttpClient { BaseAddress = again.Address };
        var body = await client.GetStringAsync($"/v1/objects/Note/{id}");
        Assert.Contains("\"text\":\"kept\"", body, StringComparison.Ordinal);
    }
}
