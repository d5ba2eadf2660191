"""Thin ctypes wrappers for the Linux isolation primitives the sandbox composes (Python 3.11 lacks os.unshare)."""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
CLONE_THREAD = 0x00010000

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38

_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
_libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def unshare(flags: int) -> None:
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def mount(source: str | None, target: str, fstype: str | None, flags: int = 0, data: str | None = None) -> None:
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    _check(_libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")


def prctl(option: int, arg2: int = 0) -> None:
    _check(_libc.prctl(option, arg2, 0, 0, 0), f"prctl {option}")


_binding = None  # pyseccomp, once imported
_binding_error: str | None = None  # why it could not be imported, for the doctor


def load_seccomp_binding():
    """Import pyseccomp (which also finds and loads libseccomp) once, in the caller's filesystem view.

    This must happen before any mount: with the Python environment under /tmp (a venv there), the private
    /tmp a sandbox mounts would hide the binding, and the filter would silently be lost. Returns the module,
    or None with `seccomp_unavailable()` saying why."""
    global _binding, _binding_error
    if _binding is None and _binding_error is None:
        try:
            import pyseccomp

            pyseccomp.SyscallFilter(defaction=pyseccomp.ALLOW)  # proves libseccomp itself loads
            _binding = pyseccomp
        except Exception as exc:  # missing libseccomp2 or the Python binding
            _binding_error = f"{type(exc).__name__}: {exc}"
    return _binding


def seccomp_unavailable() -> str | None:
    """Why the seccomp binding could not be loaded, or None if it loaded (or was not tried yet)."""
    return _binding_error


def seccomp_filter():
    """Build the deny-list filter: no new processes, sockets, exec, mounts or namespace games.

    Threads stay allowed (clone with CLONE_THREAD), because TensorFlow's thread pools need them.
    Build it before the sandbox mounts anything (see load_seccomp_binding); load it last, in the learner.
    Returns None when libseccomp is unavailable, so the caller can report that protection as missing.
    """
    sc = load_seccomp_binding()
    if sc is None:
        return None
    flt = sc.SyscallFilter(defaction=sc.ALLOW)
    eperm = sc.ERRNO(errno.EPERM)
    for name in (
        "fork", "vfork", "execve", "execveat", "setsid", "setpgid", "ptrace", "process_vm_readv",
        "process_vm_writev", "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "socket",
        "socketpair", "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
        "io_uring_setup", "kexec_load", "init_module", "finit_module", "delete_module", "acct",
        "swapon", "swapoff", "reboot", "sethostname", "setdomainname", "open_by_handle_at",
    ):
        try:
            flt.add_rule(eperm, name)
        except Exception:  # a syscall this architecture does not have
            pass
    # glibc tries clone3 first and falls back to clone on ENOSYS; clone is then filtered by its flags.
    flt.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")
    flt.add_rule(eperm, "clone", sc.Arg(0, sc.MASKED_EQ, CLONE_THREAD, 0))
    return flt
