#!/usr/bin/env bash
# Makes sure the services the tests need run on loopback: Redis (6379), RabbitMQ (5672, guest/guest)
# and MariaDB (3306, root without password). Starts a service that is installed but stopped and
# installs a missing one with apt-get. Prints one line per service; exits non-zero if one stays down.
set -u

log() { echo "services: $*"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && exec 3>&- 3<&-; }

wait_port() { # port seconds
  local i
  for ((i = 0; i < $2 * 4; i++)); do port_open "$1" && return 0; sleep 0.25; done
  return 1
}

apt_updated=0
ensure_package() { # command package...
  command -v "$1" >/dev/null 2>&1 && return 0
  shift
  if [ "$apt_updated" = 0 ]; then
    log "installing $* with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_redis() {
  if port_open 6379; then log "redis already running"; return 0; fi
  ensure_package redis-server redis-server || { log "cannot install redis-server"; return 1; }
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null
  wait_port 6379 20 && log "redis started" || { log "redis did not start"; return 1; }
}

ensure_rabbitmq() {
  if port_open 5672; then log "rabbitmq already running"; return 0; fi
  ensure_package rabbitmq-server rabbitmq-server || { log "cannot install rabbitmq-server"; return 1; }
  rabbitmq-server -detached >/dev/null 2>&1 || true
  wait_port 5672 90 && log "rabbitmq started" || { log "rabbitmq did not start"; return 1; }
}

ensure_mariadb() {
  if port_open 3306; then log "mariadb already running"; return 0; fi
  ensure_package mariadbd mariadb-server || { log "cannot install mariadb-server"; return 1; }
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd >/dev/null 2>&1 || true
  wait_port 3306 60 && log "mariadb started" || { log "mariadb did not start"; return 1; }
  # A fresh Debian install lets root in through the socket only; the tests use TCP without password.
  mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket" \
    >/dev/null 2>&1 || true
}

rc=0
ensure_redis || rc=1
ensure_rabbitmq || rc=1
ensure_mariadb || rc=1
# Redis Cluster tests start their own redis-server processes; they need the binary only.
command -v redis-server >/dev/null 2>&1 || rc=1
# The admin page screenshot test needs headless Chromium and fonts; it skips, saying so, without them.
ensure_package chromium chromium fonts-liberation || log "chromium not installed: admin page screenshots will be skipped"
exit $rc
