# The FundChain service image: builds `fundchain` in release mode, then runs it on a slim base.
#   docker compose up        (see docker-compose.yml and docs/server.md)
FROM swift:6.3-bookworm AS build
WORKDIR /src
# Resolve dependencies first so source edits reuse the cached layer.
COPY Package.swift ./
RUN swift package resolve
COPY . .
RUN swift build -c release --product fundchain --static-swift-stdlib \
 && install -D "$(swift build -c release --show-bin-path)/fundchain" /out/fundchain

FROM swift:6.3-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app fundchain
COPY --from=build /out/fundchain /usr/local/bin/fundchain
COPY scoring-models /app/scoring-models
COPY products /app/products
WORKDIR /app
USER fundchain
EXPOSE 8080
# The schema is compiled into the binary: `fundchain migrate` applies it (idempotently) on start.
# Plain HTTP off loopback needs --insecure-http: compose publishes the port on the host's
# loopback only; elsewhere give --tls-cert/--tls-key or put a TLS proxy in front (docs/security.md).
CMD ["sh", "-c", "fundchain migrate && exec fundchain serve --host 0.0.0.0 --port 8080 --insecure-http"]
