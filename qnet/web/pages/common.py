"""What every page shares: the signed-in member in templates, errors as pages, safe redirects."""

from __future__ import annotations

import hmac
import logging
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_login import current_user
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from qnet.core import permissions
from qnet.core.dates import uk_date, uk_date_time, uk_month
from qnet.core.errors import Forbidden, NotFound, QnetError, Unauthorised, Unavailable
from qnet.core.permissions import is_coordinator
from qnet.core.records import Member
from qnet.core.vocabulary import REGIONS, ROLES, SKILL_LEVELS, label
from qnet.web.errors import RETRY_AFTER_S
from qnet.web.forms import Form, flatten_messages
from qnet.web.plain_words import plain_messages
from qnet.web.security import CSRF_SESSION_KEY, SAFE_METHODS
from qnet.web.services import services

log = logging.getLogger(__name__)


def viewer() -> Member | None:
    """The signed-in member, or None for a visitor."""
    return current_user.member if current_user.is_authenticated else None  # type: ignore[no-any-return]


def dump(schema: Schema, obj: Any) -> Any:
    """What the API would send: the page sees exactly the public representation."""
    return schema.dump(obj)


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this site (never another host, never //host), else None."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def back(default: str) -> Response:
    """Redirect to the page the form was sent from (when it is on this site), else to `default`."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if parts.netloc == request.host:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return redirect(local_path(path) or default)
    return redirect(default)


def fold_item_errors(form: Form, *names: str) -> Form:
    """Messages about one entry of a list typed in one box (topics-2) shown beside that box (topics)."""
    for name in names:
        for key in [k for k in form.errors if k.startswith(f"{name}-")]:
            form.errors.setdefault(name, []).extend(form.errors.pop(key))
    return form


def done(message: str, to: str) -> Response:
    flash(message, "success")
    return redirect(to)


def _csrf_failed() -> bool:
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get(CSRF_SESSION_KEY, "")
    return not expected or not hmac.compare_digest(sent, expected)


def error_page(status: int, title: str, message: str) -> tuple[str, int, dict[str, str]]:
    headers = {"Retry-After": RETRY_AFTER_S} if status == 503 else {}
    return render_template("pages/error.html", status=status, title=title, message=message), status, headers


def _sign_in_first(_: Unauthorised) -> Response:
    target = request.full_path.rstrip("?") if request.method in SAFE_METHODS else None
    if target is None and request.referrer:
        parts = urlsplit(request.referrer)
        target = parts.path if parts.netloc == request.host else None
    flash("Please sign in to continue.", "info")
    return redirect(url_for("pages.accounts.sign_in", next=local_path(target)))


def _refused(error: QnetError) -> Any:
    """A domain error as a page: refused actions go back where they came from with the reason."""
    if isinstance(error, Unavailable):
        log.warning("unavailable: %s", error.message, extra={"path": request.path})
        return error_page(503, "qnet is briefly unavailable", "Please try again in a few seconds.")
    if isinstance(error, Forbidden):
        if request.method not in SAFE_METHODS and _csrf_failed():
            return error_page(403, "This form has expired",
                              "Go back, reload the page and send the form again.")
        return error_page(403, "Not allowed", error.message)
    if isinstance(error, NotFound):
        return error_page(404, "Not found", error.message)
    if request.method not in SAFE_METHODS:
        flash(error.message[:1].upper() + error.message[1:], "error")
        return back(url_for("pages.public.home"))
    return error_page(error.status, "That did not work", error.message)


def _not_valid(error: ValidationError) -> Any:
    """A form that is not a page's own (a button's hidden fields) failed the API's schema."""
    fields = "; ".join(" ".join(v) for v in plain_messages(flatten_messages(error.messages)).values())
    if request.method not in SAFE_METHODS:
        flash(f"That could not be done: {fields}", "error")
        return back(url_for("pages.public.home"))
    return error_page(400, "Not valid", fields)


def _http_error(error: HTTPException) -> Any:
    status = error.code or 500
    if status == 413:
        return error_page(413, "Too large", "What you sent is larger than qnet accepts.")
    return error_page(status, error.name, error.description or error.name)


def _unexpected(error: Exception) -> Any:
    if isinstance(error, HTTPException):
        return _http_error(error)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_page(500, "Something went wrong", "Something went wrong on our side; it has been logged.")


def _missing_page(error: HTTPException) -> Any:
    """A mistyped address (/ideass) is a page saying so; API paths keep their JSON error."""
    if request.path.startswith(("/api/", "/healthz")):
        return current_app.extensions["qnet.api"].handle_http_exception(error)
    return error_page(404, "Page not found",
                      "If you typed the web address, check it is correct. If you pasted it, check you copied "
                      "the entire address.")


def _favicon() -> Response:
    return send_from_directory(current_app.static_folder or "static", "favicon.svg", mimetype="image/svg+xml",
                               max_age=86400)


def _page_context() -> dict[str, Any]:
    me = viewer()
    return {"me": me, "me_coordinator": is_coordinator(me), "open_signup": services().registration.open_signup}


def register_page_handlers(pages: Blueprint) -> None:
    """Errors as pages for every page area, the signed-in member in their templates, the
    vocabularies and the permission rules (`may.wrote(me, ...)`, as the services ask them) as template
    globals (so that imported macros see them too), and the filters every
    template uses for dates (`date`, `date_time`, `month`) and for the words of a code (`label`)."""
    pages.record_once(lambda state: state.app.jinja_env.globals.update(
        REGIONS=REGIONS, ROLES=ROLES, SKILL_LEVELS=SKILL_LEVELS, may=permissions))
    pages.record_once(lambda state: state.app.jinja_env.filters.update(
        date=uk_date, date_time=uk_date_time, month=uk_month, label=label))
    pages.record_once(lambda state: state.app.register_error_handler(404, _missing_page))
    pages.record_once(lambda state: state.app.add_url_rule("/favicon.ico", "favicon", _favicon))
    pages.register_error_handler(Unauthorised, _sign_in_first)
    pages.register_error_handler(QnetError, _refused)
    pages.register_error_handler(ValidationError, _not_valid)
    pages.register_error_handler(HTTPException, _http_error)
    pages.register_error_handler(Exception, _unexpected)
    pages.app_context_processor(_page_context)  # also on "page not found", which no blueprint handles
