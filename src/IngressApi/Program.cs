var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run();

/// <summary>Entry point, public so that WebApplicationFactory can reach it.</summary>
public partial class Program;
