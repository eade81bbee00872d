"""A minimal HTTP client for the bench: cookies, CSRF tokens and the allauth login, nothing more.

Every request opens a new connection, so consecutive requests may be answered by different workers.
"""

import http.client
import re
import urllib.parse
from http.cookies import SimpleCookie

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Response:
    def __init__(self, status: int, headers, body: str):
        self.status, self.headers, self.body = status, headers, body


class Browser:
    """One visitor: keeps the cookies the server sets (sessionid, csrftoken)."""

    def __init__(self, port: int, timeout: float = 30):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self.form_token = ""  # a csrfmiddlewaretoken for POSTs, set once signed in

    @property
    def referer(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(
        self, method: str, path: str, form: dict | None = None, headers: dict | None = None
    ) -> Response:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(response.status, response.headers, text)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict, headers: dict | None = None) -> Response:
        return self.request(
            "POST", path, form, {"Referer": self.referer.rstrip("/") + path, **(headers or {})}
        )


def csrf_token(html: str) -> str:
    match = CSRF_INPUT.search(html)
    if not match:
        raise SystemExit("bench: no csrfmiddlewaretoken in the page")
    return match.group(1)


def log_in(port: int, username: str, password: str) -> Browser:
    """Sign in through /accounts/login/ as a person would; fail loudly unless the home page then
    shows what only a signed-in person sees (the username and the "Log out" form)."""
    browser = Browser(port)
    page = browser.get("/accounts/login/")
    if page.status != 200:
        raise SystemExit(f"bench: GET /accounts/login/ answered {page.status}")
    answer = browser.post(
        "/accounts/login/",
        {"login": username, "password": password, "csrfmiddlewaretoken": csrf_token(page.body)},
        headers={"Referer": f"http://127.0.0.1:{port}/accounts/login/"},
    )
    if answer.status != 302 or "sessionid" not in browser.cookies:
        raise SystemExit(
            f"bench: logging in as {username} answered {answer.status} without a session cookie"
        )
    home = browser.get("/")
    if home.status != 200 or "Log out" not in home.body or username not in home.body:
        raise SystemExit(
            f"bench: signed in as {username}, but / (status {home.status}) shows neither "
            f"the username nor the Log out form"
        )
    browser.form_token = csrf_token(
        home.body
    )  # the token in the logout form, valid for this session's cookie
    return browser
