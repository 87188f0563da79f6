"""core.fetch, the one door for outbound HTTP: it reads public pages and refuses, with a message
fit for the user, anything that would reach our own network (SSRF), redirects included, and
pages too large or too slow. Served by tests/local_site.py, the only local site it may reach."""

import http.server
import shutil
import socket
import ssl
import subprocess
import threading

import pytest

from core import fetch as fetch_module
from core.checks import safe_fetch_test_hosts
from core.fetch import FetchError, fetch, is_public_address

PRIVATE = [
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.5",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "100.64.0.1",  # carrier-grade NAT
    "0.0.0.0",  # noqa: S104 - an address we refuse
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "ff02::1",
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:169.254.169.254",
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo, client 10.0.0.1
]
PUBLIC = ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]


@pytest.mark.parametrize("address", PRIVATE)
def test_private_loopback_link_local_and_reserved_addresses_are_not_public(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are(address):
    assert is_public_address(address)


def fake_dns(monkeypatch, answers):
    """Replace the system's resolver only: host name -> addresses. Counts the lookups."""
    lookups = []

    def getaddrinfo(host, port, *args, **kwargs):
        lookups.append(host)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


def test_reads_a_page_with_a_descriptive_user_agent(local_site, settings):
    settings.SITE_URL = "https://secondchance.example.org"
    local_site.add("/jobs/42?ref=x%20y", "<h1>Data Analyst</h1>", headers={"ETag": '"v1"'})
    result = fetch(local_site.url("/jobs/42?ref=x y#apply"))
    assert result.status == 200
    assert result.body == b"<h1>Data Analyst</h1>"
    assert result.text() == "<h1>Data Analyst</h1>"
    assert result.content_type == "text/html"
    assert result.headers.get("etag") == '"v1"'
    path, headers = local_site.requests[-1]
    assert path == "/jobs/42?ref=x%20y"
    assert headers["User-Agent"] == "SecondChance/0.1 (+https://secondchance.example.org)"
    assert headers["Accept-Encoding"] == "identity"


def test_conditional_headers_go_through_and_a_304_comes_back(local_site):
    url = local_site.add("/feed", status=304, headers={"ETag": '"v1"'})
    result = fetch(
        url,
        headers={"If-None-Match": '"v1"', "If-Modified-Since": "Sat, 05 Dec 2026 10:00:00 GMT"},
    )
    assert (result.status, result.body, result.headers["ETag"]) == (304, b"", '"v1"')
    _, headers = local_site.requests[-1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Sat, 05 Dec 2026 10:00:00 GMT"


def test_error_statuses_are_returned_with_their_headers(local_site):
    url = local_site.add("/busy", "slow down", status=429, headers={"Retry-After": "120"})
    result = fetch(url)
    assert (result.status, result.headers["Retry-After"], result.body) == (429, "120", b"slow down")


def test_text_follows_the_charset_and_never_fails(local_site):
    latin = local_site.add(
        "/latin", "Café".encode("latin-1"), headers={"Content-Type": "text/html; charset=latin-1"}
    )
    assert fetch(latin).text() == "Café"
    unknown = local_site.add(
        "/unknown", "Café".encode(), headers={"Content-Type": "text/html; charset=klingon"}
    )
    assert fetch(unknown).text() == "Café"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8000/admin/",
        "http://10.0.0.5/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:a9fe:a9fe]/",  # ::ffff:169.254.169.254
        "http://0.0.0.0:5432/",
        "http://[fe80::1]/",
        "https://192.168.0.1/",
    ],
)
def test_private_addresses_are_refused(local_site, url):
    with pytest.raises(FetchError, match="is a private address"):
        fetch(url)
    assert local_site.requests == []


def test_a_public_name_that_resolves_to_a_private_address_is_refused(monkeypatch):
    fake_dns(monkeypatch, {"jobs.example.com": "10.1.2.3"})
    with pytest.raises(FetchError, match=r"jobs\.example\.com is a private address"):
        fetch("https://jobs.example.com/posting/1")


def test_every_resolved_address_is_checked(monkeypatch):
    def getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", port, 0, 0)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(FetchError, match="private address"):
        fetch("https://mixed.example.com/")


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_connected_to(
    local_site, settings, monkeypatch
):
    """DNS rebinding: a second lookup answering otherwise changes nothing; Host keeps the name."""
    port = local_site.host.split(":")[1]
    settings.SAFE_FETCH_TEST_HOSTS = [f"jobs.test:{port}"]
    answers = iter(["127.0.0.1", "10.9.9.9"])
    lookups = []

    def getaddrinfo(host, port, *args, **kwargs):
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    local_site.add("/job", "ok")
    assert fetch(f"http://jobs.test:{port}/job").body == b"ok"
    assert lookups == ["jobs.test"]
    assert local_site.requests[-1][1]["Host"] == f"jobs.test:{port}"


def test_an_unknown_name_says_so(monkeypatch):
    fake_dns(monkeypatch, {})
    with pytest.raises(FetchError, match=r"The address nowhere\.example could not be found"):
        fetch("https://nowhere.example/")


def test_redirects_are_followed_relative_or_absolute(local_site):
    local_site.add("/a", status=301, headers={"Location": "/b"})
    local_site.add("/b", status=302, headers={"Location": local_site.url("/c")})
    local_site.add("/c", status=307, headers={"Location": "d"})
    local_site.add("/d", "arrived")
    result = fetch(local_site.url("/a"))
    assert (result.body, result.url) == (b"arrived", local_site.url("/d"))


def test_more_than_three_redirects_are_refused(local_site):
    for hop in range(4):
        local_site.add(f"/{hop}", status=302, headers={"Location": f"/{hop + 1}"})
    local_site.add("/4", "never")
    with pytest.raises(FetchError, match="redirected more than 3 times"):
        fetch(local_site.url("/0"))
    assert [path for path, _ in local_site.requests] == ["/0", "/1", "/2", "/3"]


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://localhost/",
        "http://[::ffff:10.0.0.1]/",
    ],
)
def test_a_redirect_to_a_private_address_is_refused(local_site, target):
    local_site.add("/job", status=302, headers={"Location": target})
    with pytest.raises(FetchError, match="is a private address"):
        fetch(local_site.url("/job"))


def test_a_redirect_to_a_private_name_is_refused(local_site, monkeypatch):
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, *args, **kw: (
            [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.0.10", 80))]
            if host == "intranet.example.com"
            else real(host, *args, **kw)
        ),
    )
    local_site.add("/job", status=301, headers={"Location": "http://intranet.example.com/"})
    with pytest.raises(FetchError, match=r"intranet\.example\.com is a private address"):
        fetch(local_site.url("/job"))


def test_the_same_local_server_under_another_name_is_refused(local_site):
    """Only the exact host:port pairs of SAFE_FETCH_TEST_HOSTS are let in."""
    port = local_site.host.split(":")[1]
    with pytest.raises(FetchError, match="localhost is a private address"):
        fetch(f"http://localhost:{port}/")


def test_a_body_larger_than_the_cap_is_refused_by_its_content_length(local_site):
    url = local_site.add("/big", b"x" * 2_000_001)
    with pytest.raises(FetchError, match="The page is larger than 2 MB"):
        fetch(url)


def test_a_body_larger_than_the_cap_is_refused_while_reading_without_content_length(local_site):
    url = local_site.add("/big", b"x" * 300_000, content_length=False)
    with pytest.raises(FetchError, match=r"The page is larger than 0.1 MB"):
        fetch(url, max_bytes=100_000)
    assert fetch(url, max_bytes=300_000).body == b"x" * 300_000


def test_a_slow_server_times_out(local_site):
    url = local_site.add("/slow", "late", delay=1)
    with pytest.raises(FetchError, match=r"took too long to answer \(more than 0.3 seconds\)"):
        fetch(url, timeout=0.3)


def test_a_server_sending_a_byte_at_a_time_cannot_outlast_the_time_limit(local_site):
    url = local_site.add("/drip", b"x" * 100, drip=0.05)  # 5 seconds in all
    with pytest.raises(FetchError, match="took too long"):
        fetch(url, timeout=0.5)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/job.txt",
        "gopher://example.com/",
        "javascript:alert(1)",
        "data:text/html,hello",
        "//example.com/job",
        "example.com/job",
    ],
)
def test_only_http_and_https_are_read(url):
    with pytest.raises(FetchError, match="Only http and https addresses can be read"):
        fetch(url)


def test_a_caller_may_require_https(local_site):
    with pytest.raises(FetchError, match="Only https addresses can be read"):
        fetch(local_site.add("/job", "x"), https_only=True)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://", "not a valid web address"),
        ("http://example.com:99999/", "not a valid web address"),
        ("http://[::1/", "not a valid web address"),
        ("https://user:secret@example.com/", "user name or password"),
        ("https://example.com/" + "a" * 2100, "longer than 2048 characters"),
    ],
)
def test_malformed_addresses_are_refused(url, message):
    with pytest.raises(FetchError, match=message):
        fetch(url)


def test_allowed_hosts_hold_redirects_too(local_site, monkeypatch):
    with pytest.raises(FetchError, match=r"127\.0\.0\.1 is not one of the sites this can read"):
        fetch(local_site.add("/job", "x"), allowed_hosts={"boards-api.greenhouse.io"})
    local_site.add("/away", status=302, headers={"Location": "http://elsewhere.example/"})
    with pytest.raises(FetchError, match=r"elsewhere\.example is not one of the sites"):
        fetch(local_site.url("/away"), allowed_hosts={"127.0.0.1"})


def test_a_closed_port_cannot_be_reached(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.SAFE_FETCH_TEST_HOSTS = [f"127.0.0.1:{port}"]
    with pytest.raises(FetchError, match=r"127\.0\.0\.1 could not be reached"):
        fetch(f"http://127.0.0.1:{port}/")


def test_check_deploy_refuses_test_hosts_in_production(settings):
    settings.DEBUG = False
    settings.SAFE_FETCH_TEST_HOSTS = []
    assert safe_fetch_test_hosts() == []
    settings.SAFE_FETCH_TEST_HOSTS = ["127.0.0.1:8000"]
    [error] = safe_fetch_test_hosts()
    assert error.id == "core.E001"
    settings.DEBUG = True
    assert safe_fetch_test_hosts() == []


@pytest.fixture
def tls_site(tmp_path):
    """An HTTPS server on 127.0.0.1 whose self-signed certificate names `localhost`."""
    if not shutil.which("openssl"):
        pytest.skip("needs the openssl command")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(  # noqa: S603
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )

    class Hello(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "5")
            self.end_headers()
            self.wfile.write(self.headers["Host"].encode()[:5])

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield cert, server.server_port
    server.shutdown()
    server.server_close()


def test_tls_to_a_pinned_address_verifies_the_certificate_for_the_host_name(tls_site):
    cert, port = tls_site

    def get(host, trust):
        connection = fetch_module._PinnedHTTPSConnection(host, port, address="127.0.0.1", timeout=5)
        if trust:
            connection.tls.load_verify_locations(cert)
        try:
            connection.request("GET", "/")
            return connection.getresponse().read()
        finally:
            connection.close()

    assert get("localhost", trust=True) == b"local"  # the Host header names the host, not the IP
    with pytest.raises(ssl.SSLCertVerificationError):
        get("jobs.example.com", trust=True)  # the certificate is checked against the name
    with pytest.raises(ssl.SSLCertVerificationError):
        get("localhost", trust=False)  # and against the system's authorities
