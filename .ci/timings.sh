# Per-step timings, shared by .ci/run and .ci/example-lib.sh (sourced, not run). `step NAME...` ends the
# current step and starts the next, printing its heading; `end_step` ends the last one. Each finished step
# is a line of `timings` ("<seconds>s  <name>"). Optional before sourcing: STEP_PREFIX (put before each
# heading's name) and STEP_TIME_FORMAT (printf format of the seconds, default '%4ss').
t0=$SECONDS
last=$SECONDS
current=""
timings=()
step() {
  if [ -n "$current" ]; then end_step; fi
  current="$*"; last=$SECONDS
  echo; echo "=== ${STEP_PREFIX:-}$* ($((SECONDS - t0))s)"
}
end_step() {
  # shellcheck disable=SC2059 # the format is the caller's
  timings+=("$(printf "${STEP_TIME_FORMAT:-%4ss}" $((SECONDS - last)))  $current")
}
