using CustomerService.IngressApi.Endpoints;
using CustomerService.IngressApi.Hosting;
using CustomerService.Silo.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);
builder.AddCustomerServiceIngress();

var app = builder.Build();

// Liveness checks only that the process answers; readiness waits for the silo.
app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(SiloReadiness.ReadyTag) });
app.UseAuthentication();
app.UseAuthorization();
app.MapWeChatEndpoints();
app.MapAdminEndpoints();
app.Run();

/// <summary>Entry point, public so that WebApplicationFactory can reach it.</summary>
public partial class Program;
