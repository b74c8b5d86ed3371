//! Who is on the other end of a Unix socket, from the kernel (SO_PEERCRED), never from the client.

use std::os::unix::io::AsRawFd;
use std::os::unix::net::UnixStream;
use std::path::Path;

/// The uid of the process on the other end.
pub fn peer_uid(s: &UnixStream) -> std::io::Result<u32> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: cred and len are valid for writes of the sizes given.
    let rc = unsafe {
        libc::getsockopt(
            s.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            &mut cred as *mut libc::ucred as *mut libc::c_void,
            &mut len,
        )
    };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(cred.uid)
}

/// The user name of the peer.
pub fn peer_user(s: &UnixStream) -> std::io::Result<String> {
    let uid = peer_uid(s)?;
    Ok(crate::identity::user_name(uid).unwrap_or_else(|| format!("uid{uid}")))
}

/// The gid of a group by name.
pub fn group_id(name: &str) -> Option<u32> {
    let c = std::ffi::CString::new(name).ok()?;
    let mut buf = vec![0u8; 4096];
    let mut grp: libc::group = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::group = std::ptr::null_mut();
    // SAFETY: pointers are valid for the call; buf outlives the use of grp.
    let rc = unsafe {
        libc::getgrnam_r(
            c.as_ptr(),
            &mut grp,
            buf.as_mut_ptr() as *mut libc::c_char,
            buf.len(),
            &mut result,
        )
    };
    if rc != 0 || result.is_null() {
        return None;
    }
    Some(grp.gr_gid)
}

/// Gives a file to a group with mode 0660 (or keeps it 0600 without a group).
pub fn share_with_group(path: &Path, group: Option<&str>) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    match group {
        Some(g) => {
            let gid =
                group_id(g).ok_or_else(|| std::io::Error::other(format!("no group {g:?}")))?;
            let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes())
                .map_err(std::io::Error::other)?;
            // SAFETY: c is a valid NUL-terminated path; -1 keeps the owner.
            let rc = unsafe { libc::chown(c.as_ptr(), u32::MAX, gid) };
            if rc != 0 {
                return Err(std::io::Error::last_os_error());
            }
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))
        }
        None => std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)),
    }
}
