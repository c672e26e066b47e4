from __future__ import annotations

import builtins

import pytest

from resourcekit.core import errors


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (422, errors.BadRequestError),
        (429, errors.RateLimitError),
        (500, errors.ServerError),
        (503, errors.ServerError),
        (302, errors.APIError),
    ],
)
def test_error_class_for_status(status: int, kind: type[errors.APIError]) -> None:
    assert errors.error_class_for_status(status) is kind


def test_api_error_message_and_defaults() -> None:
    error = errors.NotFoundError("no such domain", code=545, request_id="q-1")
    assert error.status == 404
    assert str(error) == "no such domain (status=404, code=545, request_id=q-1)"
    assert str(errors.APIError("plain")) == "plain"


def test_tree_shape() -> None:
    assert issubclass(errors.ReadOnlyFieldError, errors.InvalidInputError)
    assert issubclass(errors.ReadOnlyFieldError, AttributeError)
    assert issubclass(errors.InvalidInputError, ValueError)
    assert issubclass(errors.UnboundRecordError, errors.ConfigurationError)
    assert issubclass(errors.ConnectionError, errors.TransportError)
    assert issubclass(errors.ConnectionError, builtins.ConnectionError)
    assert issubclass(errors.TimeoutError, builtins.TimeoutError)
    for kind in (errors.APIError, errors.TransportError, errors.ConfigurationError, errors.ResponseValidationError):
        assert issubclass(kind, errors.ResourceKitError)


def test_an_explicit_none_status_means_no_http_status() -> None:
    assert errors.NotFoundError("gone").status == 404
    assert errors.NotFoundError("gone", status=None).status is None
    assert errors.NotFoundError("gone", status=410).status == 410
