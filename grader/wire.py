"""The sandbox wire format: length-prefixed JSON frames and a strict codec for numeric arrays (never pickle)."""
from __future__ import annotations

import base64
import json
import math
import os
import select
import struct
import time
from typing import Any

import numpy as np

MAX_FRAME = 16 * 1024 * 1024
_HEADER = struct.Struct("!I")
_DTYPES = {"float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool"}


class WireError(Exception):
    """A frame was malformed, too large, or arrived too late."""


def encode(value: Any) -> Any:
    """Turn observations into JSON-safe data; arrays keep their dtype and shape exactly."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return f if math.isfinite(f) else {"__float__": repr(f)}
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if hasattr(value, "numpy") and callable(value.numpy):  # a TensorFlow tensor or variable
        value = value.numpy()
    if isinstance(value, np.ndarray):
        arr = np.ascontiguousarray(value).reshape(value.shape)  # ascontiguousarray turns 0-d into 1-d
        if arr.dtype.name not in _DTYPES:
            arr = arr.astype(np.float64)
        return {"__nd__": arr.dtype.name, "shape": list(arr.shape), "b64": base64.b64encode(arr.tobytes()).decode()}
    raise TypeError(f"cannot send a value of type {type(value).__name__}")


def decode(value: Any, depth: int = 0) -> Any:
    """Rebuild encoded data, accepting only plain types and well-formed arrays."""
    if depth > 50:
        raise WireError("nesting too deep")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [decode(v, depth + 1) for v in value]
    if isinstance(value, dict):
        if "__nd__" in value:
            dtype = value["__nd__"]
            if dtype not in _DTYPES:
                raise WireError(f"dtype {dtype!r} not allowed")
            shape = tuple(int(s) for s in value["shape"])
            raw = base64.b64decode(value["b64"], validate=True)
            arr = np.frombuffer(raw, dtype=np.dtype(dtype))
            if arr.size != math.prod(shape):
                raise WireError("array size does not match its shape")
            return arr.reshape(shape).copy()
        if "__float__" in value:
            text = value["__float__"]
            if text not in ("nan", "inf", "-inf"):
                raise WireError("bad float")
            return float(text)
        return {str(k): decode(v, depth + 1) for k, v in value.items()}
    raise WireError(f"unexpected {type(value).__name__}")


def write_frame(fd: int, message: dict) -> None:
    payload = json.dumps(message, separators=(",", ":")).encode()
    data = _HEADER.pack(len(payload)) + payload
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_frame(fd: int, deadline: float | None = None) -> dict | None:
    """Read one frame; None on a clean EOF before any byte. Raises WireError on timeout or garbage."""
    header = _read_exact(fd, _HEADER.size, deadline, eof_ok=True)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    if size > MAX_FRAME:
        raise WireError(f"frame of {size} bytes is over the limit")
    body = _read_exact(fd, size, deadline, eof_ok=False)
    try:
        message = json.loads(body)
    except ValueError as exc:
        raise WireError(f"frame is not JSON: {exc}") from None
    if not isinstance(message, dict):
        raise WireError("frame is not an object")
    return message


def _read_exact(fd: int, size: int, deadline: float | None, eof_ok: bool) -> bytes | None:
    chunks: list[bytes] = []
    got = 0
    while got < size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError("no answer in time")
        chunk = os.read(fd, min(size - got, 1 << 20))
        if not chunk:
            if eof_ok and got == 0:
                return None
            raise WireError("stream ended inside a frame")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)
