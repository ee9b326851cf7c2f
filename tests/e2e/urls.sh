#!/bin/sh
# urls.sh: http:// inputs, served by a small Python http.server on 127.0.0.1
# (a free port, stopped on exit): a page renders and is read as HTML by its
# Content-Type, a redirect is followed (a loop and a redirect to file:// are
# not), gzip is undone, 404, a refused connection, a failed TLS handshake, a
# slow server under --timeout and a page over --max-input each fail in one
# line naming the URL, the charset of the Content-Type header decodes a page
# that names none (and only then), and a batch names its outputs after the
# URLs' paths.
set -u
# Downloads go to the test's server alone, never through a proxy of the environment.
no_proxy='*' NO_PROXY='*'
export no_proxy NO_PROXY
work=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
run() { "$TTSREAD" --no-config -q "$@"; }

cat >"$work/server.py" <<'PYTHON'
import gzip, http.server, socketserver, sys, time

PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><title>Lighthouse Talk</title></head><body><article>
<h1>Lighthouse Talk</h1>
<p>MARIA LOPEZ, HOST: Welcome to the program. Tonight we talk about lighthouses.</p>
<p>JOHN PARKER: Thank you for having me. My grandfather kept a light on an island.</p>
<p>LOPEZ: What was the hardest part of the work?</p>
<p>PARKER: The winter storms, when the lamp had to burn all night.</p>
</article></body></html>
"""
# Starts like no HTML that content sniffing knows: only the header says HTML.
SECTION = b"<section><p>MARIA LOPEZ: Only the header says this is markup.</p>" \
          b"<p>JOHN PARKER: And the reader believes it.</p></section>\n"
# Windows-1252 bytes (0xE9 e-acute, 0xEB e-diaeresis, 0x80 euro), no <meta charset>.
CP1252 = "<html><body><p>MARIA LOPEZ: Caf\u00e9 for Zo\u00eb costs 3 \u20ac.</p>" \
         "<p>JOHN PARKER: Na\u00efve but fine.</p></body></html>\n".encode("cp1252")
# ISO-8859-7 (Greek) bytes: as Windows-1252 they would be Latin letters.
GREEK = "<html><body><p>MARIA LOPEZ: \u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1 " \
        "\u03c3\u03b5 \u03cc\u03bb\u03bf\u03c5\u03c2.</p></body></html>\n".encode("iso-8859-7")
# The page's own <meta charset> wins over the header's.
META = "<html><head><meta charset=\"windows-1252\"></head><body><p>MARIA LOPEZ: " \
       "Caf\u00e9 au lait.</p></body></html>\n".encode("cp1252")

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def send(self, body, content_type="text/html; charset=utf-8", headers=(), length=True):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, to):
        self.send_response(302)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        path = self.path.split("?")[0]
        if path in ("/", "/news/lighthouse-talk.html", "/news/episode%2012", "/story"):
            self.send(PAGE)
        elif path == "/section":
            self.send(SECTION)
        elif path == "/section-plain":
            self.send(SECTION, "text/plain; charset=utf-8")
        elif path == "/moved":
            self.redirect("/hop")
        elif path == "/hop":
            self.redirect("/story")
        elif path == "/loop":
            self.redirect("/loop")
        elif path == "/to-file":
            self.redirect("file:///etc/hostname")
        elif path == "/gzip":
            if "gzip" not in self.headers.get("Accept-Encoding", ""):
                self.send_error(406, "Not Acceptable")
                return
            self.send(gzip.compress(PAGE), headers=[("Content-Encoding", "gzip")])
        elif path == "/cp1252":
            self.send(CP1252, "text/html; charset=windows-1252")
        elif path == "/greek":
            self.send(GREEK, 'text/html; charset="ISO-8859-7"')
        elif path == "/greek-unlabelled":
            self.send(GREEK, "text/html")
        elif path == "/meta":
            self.send(META, "text/html; charset=iso-8859-7")
        elif path == "/big":
            self.send(PAGE * 40)
        elif path == "/big-unsized":
            self.send(PAGE * 40, length=False)
        elif path == "/slow":
            time.sleep(8)
            self.send(PAGE)
        else:
            self.send_error(404, "Not Found")

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

server = Server(("127.0.0.1", 0), Handler)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
server.serve_forever()
PYTHON

python3 "$work/server.py" "$work/port" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
    [ -s "$work/port" ] && break
    sleep 0.1
done
[ -s "$work/port" ] || { echo "FAIL: the test server did not start"; exit 1; }
base="http://127.0.0.1:$(cat "$work/port")"

# one_line_error NAME URL PATTERN ARGS...: exit 1 and one stderr line naming the URL and PATTERN
one_line_error() {
    name=$1 url=$2 pattern=$3
    shift 3
    run "$url" --dump text "$@" >"$work/out" 2>"$work/err"
    status=$?
    [ "$status" = 1 ] || fail "$name: exit $status, expected 1 ($(cat "$work/err"))"
    [ "$(wc -l <"$work/err")" = 1 ] || fail "$name: not one line: $(cat "$work/err")"
    grep -qF "$url" "$work/err" || fail "$name: the error does not name $url: $(cat "$work/err")"
    grep -q "$pattern" "$work/err" || fail "$name: no \"$pattern\": $(cat "$work/err")"
    [ -s "$work/out" ] && fail "$name: printed text: $(cat "$work/out")"
}

# A page served OK is read: its turns, by speaker, with the story's words.
run "$base/story" --dump text >"$work/story.txt" 2>"$work/err" || fail "page: $(cat "$work/err")"
grep -q "grandfather kept a light on an island" "$work/story.txt" &&
    grep -q "winter storms" "$work/story.txt" || fail "page: spoken text: $(cat "$work/story.txt")"
grep -q "MARIA LOPEZ" "$work/story.txt" && fail "page: the speaker label was read aloud"
run "$base/story" --list-speakers >"$work/speakers.txt" || fail "page: --list-speakers"
grep -q "^Maria Lopez " "$work/speakers.txt" && grep -q "^John Parker " "$work/speakers.txt" ||
    fail "page: speakers: $(cat "$work/speakers.txt")"

# --from auto reads text/html as HTML, whatever the bytes begin with; the same
# bytes as text/plain are text, markup and all.
run "$base/section" --dump script >"$work/section.json" || fail "text/html: dump"
grep -q '"format":[[:space:]]*"html"' "$work/section.json" || fail "text/html was not read as HTML: $(head -c 300 "$work/section.json")"
run "$base/section-plain" --dump script >"$work/plain.json" || fail "text/plain: dump"
grep -q '"format":[[:space:]]*"html"' "$work/plain.json" && fail "text/plain was read as HTML (the control)"
run "$base/section-plain" --from html --dump script | grep -q '"format":[[:space:]]*"html"' ||
    fail "--from html does not win over text/plain"

# Redirects are followed; a loop and a way out of http(s) are not.
run "$base/moved" --dump text >"$work/moved.txt" || fail "redirect failed"
cmp -s "$work/moved.txt" "$work/story.txt" || fail "redirect: not the page: $(head -3 "$work/moved.txt")"
one_line_error "redirect loop" "$base/loop" "more than 10 redirects"
one_line_error "redirect to file://" "$base/to-file" "not http or https"

# gzip: the server sends it only when asked (406 otherwise); the text is the page's.
run "$base/gzip" --dump text >"$work/gzip.txt" 2>"$work/err" || fail "gzip: $(cat "$work/err")"
cmp -s "$work/gzip.txt" "$work/story.txt" || fail "gzip: not the page: $(head -3 "$work/gzip.txt")"

# HTTP errors and a refused connection: one line, exit 1.
one_line_error "404" "$base/no/such/page" "HTTP 404 Not Found"
closed_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
one_line_error "refused" "http://127.0.0.1:$closed_port/story" "cannot connect: connection refused"

# https:// to a server that speaks plain HTTP: the TLS handshake fails.
one_line_error "TLS" "https://127.0.0.1:$(cat "$work/port")/story" "TLS failed"

# A slow server: --timeout 1 gives up after about a second.
start=$(date +%s.%N)
one_line_error "timeout" "$base/slow" "timed out after 1 s" --timeout 1
elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
awk -v e="$elapsed" 'BEGIN { exit !(e >= 0.9 && e < 4) }' || fail "--timeout 1 took $elapsed s"

# Over --max-input: refused, with a Content-Length and without one (the
# transfer is cut at the cap); the same page fits a larger cap.
one_line_error "too large" "$base/big" "over the 10000-byte limit" --max-input 10000
one_line_error "too large, no length" "$base/big-unsized" "over the 10000-byte limit" --max-input 10000
run "$base/big-unsized" --max-input 100k --dump text >/dev/null || fail "a 100k cap refused the page"

# Charsets: the header's, when the page names none.
run "$base/cp1252" --dump script >"$work/cp1252.json" || fail "cp1252: dump"
python3 - "$work/cp1252.json" <<'CHECK' || fail "cp1252: $(cat "$work/cp1252.json")"
import json, sys
text = " ".join(t["text"] for t in json.load(open(sys.argv[1], encoding="utf-8"))["turns"])
assert "Café for Zoë costs 3 €" in text and "Naïve" in text, text
CHECK
run "$base/greek" --dump script >"$work/greek.json" || fail "greek: dump"
grep -q "Καλημέρα σε όλους" "$work/greek.json" || fail "ISO-8859-7 from the header: $(cat "$work/greek.json")"
run "$base/greek-unlabelled" --dump script >"$work/unlabelled.json" || fail "greek unlabelled: dump"
grep -q "Καλημέρα" "$work/unlabelled.json" && fail "Greek without a label read as Greek: the control proves nothing"
run "$base/meta" --dump script >"$work/meta.json" || fail "meta: dump"
grep -q "Café au lait" "$work/meta.json" || fail "the page's <meta charset> lost to the header: $(cat "$work/meta.json")"

# Batch: outputs named after the URLs' paths (the host for "/"), from the
# command line and from --inputs-from.
printf '%s\n' "$base/news/episode%2012?page=1" >"$work/list.txt"
run -O "$work/batch" "$base/news/lighthouse-talk.html" "$base/" --inputs-from "$work/list.txt" \
    "$base/no/such/page" -j 2 2>"$work/batch.err"
status=$?
[ "$status" = 1 ] || fail "batch: exit $status, expected 1 (one URL is missing): $(cat "$work/batch.err")"
for name in lighthouse-talk 127.0.0.1 "episode 12"; do
    [ -s "$work/batch/$name.wav" ] || fail "batch: no $name.wav: $(ls "$work/batch")"
done
[ -e "$work/batch/page.wav" ] && fail "batch: a 404 was rendered"
grep -q "$base/no/such/page: HTTP 404 Not Found" "$work/batch.err" ||
    fail "batch: the 404 is not reported: $(cat "$work/batch.err")"
[ "$(ls "$work/batch" | wc -l)" = 3 ] || fail "batch: $(ls "$work/batch")"

[ "$failures" = 0 ] || exit 1
echo "urls: a page, text/html, redirects (and a loop, file://), gzip, 404, a refused connection,"
echo "--timeout, --max-input, charsets from the header (not over <meta>) and batch names all hold"
