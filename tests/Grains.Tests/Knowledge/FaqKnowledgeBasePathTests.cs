using CustomerService.Grains.Knowledge;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Tests.Knowledge;

[Collection(CurrentDirectoryCollectionDefinition.Name)]
public sealed class FaqKnowledgeBasePathTests : IDisposable
{
    private const string Header = "question,answer,similar\n";

    private readonly string _originalCurrentDirectory = Directory.GetCurrentDirectory();
    private readonly TempDirectory _currentDirectory = new();
    private readonly string _relativePath = Path.Combine(Guid.NewGuid().ToString("N"), "faq.csv");
    private readonly string _baseDirectoryFile;

    public FaqKnowledgeBasePathTests()
    {
        _baseDirectoryFile = Path.Combine(AppContext.BaseDirectory, _relativePath);
        Directory.SetCurrentDirectory(_currentDirectory.Path);
    }

    public void Dispose()
    {
        Directory.SetCurrentDirectory(_originalCurrentDirectory);
        Directory.Delete(Path.GetDirectoryName(_baseDirectoryFile)!, recursive: true);
        _currentDirectory.Dispose();
    }

    [Fact]
    public void FindAnswer_RelativePathInBothPlaces_PrefersCurrentDirectory()
    {
        WriteFile(Path.Combine(_currentDirectory.Path, _relativePath), "当前目录");
        WriteFile(_baseDirectoryFile, "输出目录");

        var answer = CreateKnowledgeBase().FindAnswer("发货时间", null);

        Assert.Equal("当前目录", answer?.Answer);
    }

    [Fact]
    public void FindAnswer_RelativePathOnlyInBaseDirectory_FallsBackToBaseDirectory()
    {
        WriteFile(_baseDirectoryFile, "输出目录");

        var answer = CreateKnowledgeBase().FindAnswer("发货时间", null);

        Assert.Equal("输出目录", answer?.Answer);
    }

    private static void WriteFile(string path, string answer)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"{Header}发货时间,{answer},\n");
    }

    private FaqKnowledgeBase CreateKnowledgeBase() =>
        new(Options.Create(new KnowledgeOptions { FaqFile = _relativePath }));
}
