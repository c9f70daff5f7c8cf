# Build stage: Node.js 20 with npm, a compiler and Node's own headers, so native modules
# (better-sqlite3) build from source without fetching headers or prebuilt binaries from elsewhere.
ARG NODE_IMAGE=local/node:20
FROM ${NODE_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends npm libnode-dev python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr npm_config_build_from_source=true npm_config_update_notifier=false
