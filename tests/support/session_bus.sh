# session_bus.sh, sourced by the end-to-end tests that talk D-Bus: starts a
# private session bus (tests/fixtures/play/session-bus.conf), exports its
# address in DBUS_SESSION_BUS_ADDRESS and keeps its pid in bus_pid, for the
# caller's trap to stop. Files go in $work. Fails when dbus-daemon does.
start_session_bus() {
    dbus-daemon --config-file="$PWD/tests/fixtures/play/session-bus.conf" --fork \
        --print-address=1 --print-pid=3 >"$work/bus.address" 3>"$work/bus.pid" || return 1
    bus_pid=$(cat "$work/bus.pid")
    DBUS_SESSION_BUS_ADDRESS=$(head -n 1 "$work/bus.address")
    export DBUS_SESSION_BUS_ADDRESS
}
