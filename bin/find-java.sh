# Sourced by bin/sluice and bin/test: finds a JDK 21 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME, `java` on PATH, then the usual install folders. Fails with a clear message.

sluice_java_major() { # prints the major version of the java binary $1
  # the JDK's release file says it without starting a JVM; ask the JVM only when there is none
  local release; release="$(dirname "$(dirname "$1")")/release"
  local version=""
  [ -f "$release" ] && version=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$release" | head -1)
  if [ -z "$version" ]; then
    version=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  fi
  version=${version#1.} # 1.8 -> 8
  echo "${version%%[.+-]*}"
}

sluice_find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  local d
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/java/* "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$d" ] && candidates+=("$d")
  done
  for d in "${candidates[@]}"; do
    if [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ]; then
      local major; major=$(sluice_java_major "$d/bin/java")
      if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
        export JAVA_HOME="$d"
        return 0
      fi
    fi
  done
  echo "sluice: no JDK 21 or newer found (looked at \$JAVA_HOME, javac on PATH and /usr/lib/jvm)." >&2
  echo "sluice: install one (for example Temurin 21+ or openjdk-21-jdk) or set JAVA_HOME to it." >&2
  return 1
}
