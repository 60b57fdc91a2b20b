using CustomerService.Deployment.Tests.Checks;
using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Kubernetes;

public sealed class SecretChecksTests
{
    private const string AdminKeyFromSecret = """
                    - name: Admin__ApiKey
                      valueFrom:
                        secretKeyRef:
                          name: customerservice-admin
                          key: api-key
        """;

    private static IReadOnlyList<string> CheckWith(string file, string original, string replacement) =>
        SecretChecks.Check(ManifestSet.LoadRepositoryWith(file, original, replacement));

    [Fact]
    public void Check_SecretAsLiteralEnvValue_Reported()
    {
        var problems = CheckWith("ingress-api.yaml", AdminKeyFromSecret, "            - name: Admin__ApiKey\n              value: DemoAdminKeyNotSecret0000");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: Admin__ApiKey looks secret but does not come from a secretKeyRef"], problems);
    }

    [Fact]
    public void Check_SecretInConfigMap_Reported()
    {
        var problems = CheckWith("config.yaml", "  Llm__Model: \"qwen-plus\"", "  Llm__Model: \"qwen-plus\"\n  Llm__ApiKey: \"sk-not-a-real-key\"");

        Assert.Equal(["ConfigMap customerservice-config: Llm__ApiKey looks secret; put it in a Secret"], problems);
    }

    [Fact]
    public void Check_PasswordInAConnectionStringValue_Reported()
    {
        var problems = CheckWith("config.yaml", "  Llm__Model: \"qwen-plus\"", "  Llm__Model: \"qwen-plus\"\n  Storage__Extra: \"Host=db;Username=cs_app;Password=hunter2\"");

        Assert.Equal(["ConfigMap customerservice-config: Storage__Extra has a password in its value"], problems);
    }

    [Fact]
    public void Check_CredentialsInAUrlValue_Reported()
    {
        var problems = CheckWith("config.yaml", "  Llm__Model: \"qwen-plus\"", "  Llm__Model: \"qwen-plus\"\n  Otlp__Endpoint: \"http://user:hunter2@collector:4317\"");

        Assert.Equal(["ConfigMap customerservice-config: Otlp__Endpoint has a password in its value"], problems);
    }

    [Fact]
    public void Check_CommittedSecretObject_Reported()
    {
        var problems = CheckWith(
            "config.yaml",
            "  Logging__Console__FormatterName: \"json\"",
            "  Logging__Console__FormatterName: \"json\"\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: customerservice-admin\n  namespace: customerservice\nstringData:\n  api-key: change-me");

        Assert.Equal(["Secret customerservice-admin: committed values; reference Secrets by name and create them outside the repository"], problems);
    }

    [Fact]
    public void Check_EnvFromWholeSecret_Reported()
    {
        var problems = CheckWith(
            "ingress-api.yaml",
            "            - configMapRef:\n                name: customerservice-config",
            "            - configMapRef:\n                name: customerservice-config\n            - secretRef:\n                name: customerservice-wechat");

        Assert.Equal(["Deployment customerservice-ingress-api container ingress-api: envFrom a whole Secret; name each variable with secretKeyRef"], problems);
    }

    [Theory]
    [InlineData("ConnectionStrings__postgres", true)]
    [InlineData("ConnectionStrings__postgres-migrate", true)]
    [InlineData("Channels__WeChat__Accounts__0__EncodingAesKey", true)]
    [InlineData("Channels__WeChat__Accounts__0__AppSecret", true)]
    [InlineData("Channels__WeChat__Accounts__0__Token", true)]
    [InlineData("Dashboard__Username", true)]
    [InlineData("Dashboard__Password", true)]
    [InlineData("POSTGRES_PASSWORD", true)]
    [InlineData("Cluster__ServiceId", false)]
    [InlineData("DOTNET_SHUTDOWNTIMEOUTSECONDS", false)]
    [InlineData("Storage__PostgresMaxPoolSize", false)]
    public void LooksSecret_Name_Classified(string name, bool expected)
    {
        Assert.Equal(expected, SecretChecks.LooksSecret(name));
    }

    [Fact]
    public void Unlisted_RepositoryManifestsAndReadme_EverySecretListed()
    {
        var problems = SecretChecks.Unlisted(ManifestSet.LoadRepository(), File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")));

        Assert.Empty(problems);
    }

    [Fact]
    public void Unlisted_SecretMissingFromReadme_Reported()
    {
        var manifests = ManifestSet.LoadRepositoryWith("silo.yaml", "                  name: customerservice-llm\n", "                  name: customerservice-model\n");

        var problems = SecretChecks.Unlisted(manifests, File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")));

        Assert.Equal(["README.md does not list Secret customerservice-model, key api-key, as Llm__ApiKey"], problems);
    }
}
