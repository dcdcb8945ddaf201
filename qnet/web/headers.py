"""Security headers on every response: pages, the API, its docs page, errors and static files.

The pages load scripts and styles from qnet itself only, so the Content-Security-Policy allows
scripts from 'self' and nothing inline (the cluster map's data travels in a JSON block, which is
never run). Styles also allow inline: the API docs page and the cluster map carry a <style> block
and a few pages a style attribute; injected style cannot run code, and Markdown is sanitised anyway.
No page may be framed (clickjacking the one-click forms), and HTTPS responses ask browsers to stay
on HTTPS.
"""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",  # links out never carry a page's path
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
HSTS = "max-age=31536000"  # a year; only sent over HTTPS (a browser ignores it over HTTP anyway)


def init_app(app: Flask) -> None:
    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
