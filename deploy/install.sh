#!/usr/bin/env bash
# One command for a Debian terminal (README "Deploying a terminal"), from a checkout of the project:
#   sudo deploy/install.sh
# Installs the Debian packages, creates the `kiosk` user, copies the Chromium policy, the systemd
# units and the udev rules, enables the units. Idempotent: a second run changes nothing (and says so).
# DESTDIR=/some/root installs into a prefix instead (no apt, no udev reload, no systemd start;
# users and unit links are made with useradd --prefix and systemctl --root): used by the tests.
set -euo pipefail

APP_DIR="${APP_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"
DESTDIR="${DESTDIR:-}"
src="$APP_DIR/deploy"
changed=0
note() { echo "install: $*"; }

packages=(chromium fonts-noto-cjk fonts-noto-ui-core xserver-xorg-core xserver-xorg-input-libinput xauth
  nodejs npm libusb-1.0-0 udev cups espeak-ng systemd)

if [ -z "$DESTDIR" ]; then
  [ "$(id -u)" = 0 ] || { echo "install: run as root (sudo $0)" >&2; exit 1; }
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    note "packages installed: ${missing[*]}"; changed=$((changed + 1))
  fi
  node -e 'const [a]=process.versions.node.split(".").map(Number); process.exit(a>=20?0:1)' ||
    { echo "install: Node.js >= 20 is needed (Debian 13 has it; on Debian 12 use bookworm-backports or NodeSource)" >&2; exit 1; }
  if [ ! -f "$APP_DIR/dist/kiosk/index.html" ]; then
    (cd "$APP_DIR" && npm ci --no-audit --no-fund && npm run build --silent)
    note "kiosk page built"; changed=$((changed + 1))
  fi
fi

# The service user and its device groups (ttys: dialout; /dev/usb/lp*: lp; cameras: video; hidraw/raw USB: kiosk).
prefix=(); [ -n "$DESTDIR" ] && prefix=(--prefix "$DESTDIR")
if ! grep -q '^kiosk:' "$DESTDIR/etc/group"; then groupadd "${prefix[@]}" --system kiosk; note "group kiosk created"; changed=$((changed + 1)); fi
if ! grep -q '^kiosk:' "$DESTDIR/etc/passwd"; then
  useradd "${prefix[@]}" --system --gid kiosk --home-dir /var/lib/gov-kiosk --no-create-home --shell /usr/sbin/nologin kiosk
  note "user kiosk created"; changed=$((changed + 1))
fi
for g in dialout lp video; do
  if ! grep -qE "^$g:[^:]*:[^:]*:(.*,)?kiosk(,|$)" "$DESTDIR/etc/group"; then usermod "${prefix[@]}" -aG "$g" kiosk; note "kiosk added to $g"; changed=$((changed + 1)); fi
done

# put SOURCE DEST MODE: copy when the content or mode differs.
put() {
  local dest="$DESTDIR$2"
  if [ -f "$dest" ] && cmp -s "$1" "$dest" && [ "$(stat -c %a "$dest")" = "$3" ]; then return 1; fi
  install -D -m "$3" "$1" "$dest"; note "$2"; changed=$((changed + 1))
}
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
sed "s|@APP_DIR@|$APP_DIR|g" "$src/systemd/gov-kiosk-bridge.service" > "$tmp/gov-kiosk-bridge.service"

put "$src/chromium/policies/managed/gov-kiosk.json" /etc/chromium/policies/managed/gov-kiosk.json 644 || true
put "$src/systemd/gov-kiosk-display.service" /etc/systemd/system/gov-kiosk-display.service 644 || true
put "$tmp/gov-kiosk-bridge.service" /etc/systemd/system/gov-kiosk-bridge.service 644 || true
udev_before=$changed
put "$APP_DIR/config/udev/99-gov-kiosk.rules" /etc/udev/rules.d/99-gov-kiosk.rules 644 || true
udev_changed=$((changed - udev_before))
# Site settings (KIOSK_DEVICE_*, KIOSK_PLATFORM_URL...): written once, then the operator's.
if [ ! -f "$DESTDIR/etc/gov-kiosk/env" ]; then
  printf '# Settings for gov-kiosk-bridge.service (README "Configuration"), e.g.\n# KIOSK_DEVICE_IDCARD=serial:/dev/kiosk-idcard@115200\n' > "$tmp/env"
  put "$tmp/env" /etc/gov-kiosk/env 640 || true
fi

# Enable (links only; nothing is started here), and boot to the graphical target.
root=(); [ -n "$DESTDIR" ] && root=(--root "$DESTDIR")
for unit in gov-kiosk-display.service gov-kiosk-bridge.service; do
  if ! systemctl "${root[@]}" is-enabled --quiet "$unit" 2>/dev/null; then systemctl "${root[@]}" --quiet enable "$unit"; note "enabled $unit"; changed=$((changed + 1)); fi
done
if [ "$(systemctl "${root[@]}" get-default 2>/dev/null)" != graphical.target ]; then
  systemctl "${root[@]}" --quiet set-default graphical.target; note "default target graphical"; changed=$((changed + 1))
fi

if [ -z "$DESTDIR" ]; then
  [ "$udev_changed" -eq 0 ] || { udevadm control --reload && udevadm trigger; }
  systemctl daemon-reload
fi
note "done, $changed change(s)"
