#!/usr/bin/env bash
# Installs the Debian packages the tests need, only when something is missing, so a second run
# costs nothing. Needs root (as on CI and the developers' machines).
set -euo pipefail

packages=()
need() { # need <command> <debian-package>
    command -v "$1" >/dev/null 2>&1 || packages+=("$2")
}

# The host lab of the agent tests: namespaces, veth, nftables, conntrack and traffic probes.
need ip iproute2
need nft nftables
need conntrack conntrack
need ping iputils-ping
need nc netcat-openbsd
need socat socat

# The real clients of the compatible APIs.
need openstack python3-openstackclient
need cloudstack cs
# OpenStack's own API tests, run against the Neutron API (tests/Palisade.Server.Tests/Compat/Neutron/Tempest).
need tempest tempest
dpkg-query -W -f='${Status}' neutron-tempest-plugin 2>/dev/null | grep -q 'ok installed' || packages+=(neutron-tempest-plugin)

# Headless Chromium for the dashboard's browser tests (Playwright drives Debian's build; it never downloads one).
need chromium chromium

# PostgreSQL, for the store tests that run the HTTP suite on the shared store.
need pg_ctlcluster postgresql

if ((${#packages[@]})); then
    echo "installing: ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
