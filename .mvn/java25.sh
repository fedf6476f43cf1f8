# Sourced by ./mvnw: this project builds and runs on Java 25. When neither JAVA_HOME nor the java on
# the PATH is a Java 25 or newer, look where JDKs are usually installed (JAVA25_HOME first) and use
# the first one found; the build then fails with a clear message only if there is none.

pat_java_feature() { # $1: a java executable; prints its feature version (17, 25, ...) or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

pat_java_ok() { # $1: a java executable
  [ -x "$1" ] || return 1
  pat_feature=$(pat_java_feature "$1")
  [ -n "$pat_feature" ] && [ "$pat_feature" -ge 25 ]
}

if [ -n "${JAVA_HOME-}" ] && pat_java_ok "$JAVA_HOME/bin/java"; then
  :
elif [ -z "${JAVA_HOME-}" ] && command -v java >/dev/null 2>&1 && pat_java_ok "$(command -v java)"; then
  :
else
  pat_found=
  pat_globbing_was_off=false
  case $- in *f*) pat_globbing_was_off=true; set +f ;; esac
  for pat_candidate in ${JAVA25_HOME:+"$JAVA25_HOME"} /usr/lib/jvm/*25* /usr/lib/jvm/*-25 /usr/java/*25* /opt/java/*25* \
      "$HOME"/.sdkman/candidates/java/25* "$HOME"/.jdks/*25* /Library/Java/JavaVirtualMachines/*25*/Contents/Home; do
    if pat_java_ok "$pat_candidate/bin/java" && [ -x "$pat_candidate/bin/javac" ]; then
      pat_found=$pat_candidate
      break
    fi
  done
  if $pat_globbing_was_off; then set -f; fi
  if [ -n "$pat_found" ]; then
    JAVA_HOME=$pat_found
    export JAVA_HOME
    [ "${MVNW_VERBOSE-}" != true ] || echo "mvnw: using the Java 25 at $JAVA_HOME" >&2
  else
    echo "mvnw: this project needs a JDK 25 or newer; none found. Set JAVA_HOME (or JAVA25_HOME) to one." >&2
  fi
fi
