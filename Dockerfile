# syntax=docker/dockerfile:1
# Two images from one file, chosen with --target (k8s/silo.yaml and k8s/ingress-api.yaml run them):
#   docker build --target silo        -t <registry>/customerservice/silo:<version> .
#   docker build --target ingress-api -t <registry>/customerservice/ingress-api:<version> .
# Both run as the base image's non-root user and write nothing outside /tmp and /data, so that they run with a
# read-only root filesystem (mount an emptyDir at /tmp; /data only for the embedded SQLite default).
# tests/Deployment.Tests runs this file's restore and publish steps (CI has no Docker): keep each dotnet command on
# one RUN line.

FROM mcr.microsoft.com/dotnet/sdk:10.0.401 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
WORKDIR /src
# Project files first, so that the restore layer is reused until a package or a reference changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Channels/Channels.csproj src/Channels/
COPY src/Grains.Interfaces/Grains.Interfaces.csproj src/Grains.Interfaces/
COPY src/Grains/Grains.csproj src/Grains/
COPY src/Silo/Silo.csproj src/Silo/
COPY src/IngressApi/IngressApi.csproj src/IngressApi/
# The ingress references the silo project, so this restores both images' graphs.
RUN dotnet restore src/IngressApi/IngressApi.csproj
COPY src/ src/

FROM build AS publish-silo
RUN dotnet publish src/Silo/Silo.csproj --configuration Release --no-restore --output /out/silo -p:UseAppHost=false

FROM build AS publish-ingress-api
RUN dotnet publish src/IngressApi/IngressApi.csproj --configuration Release --no-restore --output /out/ingress-api -p:UseAppHost=false

# The ASP.NET Core runtime with ICU (not the chiseled or invariant images): FAQ matching normalises Chinese text.
FROM mcr.microsoft.com/dotnet/aspnet:10.0.12 AS runtime
# The SQLite data folder of the embedded default, outside the application folder; in Kubernetes storage is
# PostgreSQL and nothing is written here.
ENV Storage__DataDirectory=/data \
    TMPDIR=/tmp
RUN mkdir /data && chown "$APP_UID:$APP_UID" /data
WORKDIR /app
# The base image's unprivileged user (uid 1654), by number so that Kubernetes' runAsNonRoot can verify it.
USER $APP_UID

FROM runtime AS silo
COPY --from=publish-silo /out/silo ./
# 8081 admin (probes, /metrics, /dashboard; never public), 11111 silo-to-silo, 30000 gateway.
EXPOSE 8081 11111 30000
ENTRYPOINT ["dotnet", "CustomerService.Silo.dll"]

FROM runtime AS ingress-api
COPY --from=publish-ingress-api /out/ingress-api ./
EXPOSE 8080
ENTRYPOINT ["dotnet", "CustomerService.IngressApi.dll"]
