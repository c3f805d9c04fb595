//! Memory of processes, as Linux reports it in `/proc`.

/// The resident memory of process `pid` in bytes (`VmRSS` of `/proc/PID/status`), or `None`
/// when the process is gone or the system has no `/proc`.
pub fn resident_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status_field_bytes(&status, "VmRSS:")
}

/// The most resident memory process `pid` has had in its life, in bytes (`VmHWM`): unlike
/// the resident memory now, it does not depend on when it is looked at.
pub fn peak_resident_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status_field_bytes(&status, "VmHWM:")
}

/// The resident memory of this process in bytes.
pub fn own_resident_bytes() -> Option<u64> {
    resident_bytes(std::process::id())
}

/// A `Name:   1234 kB` field of a `/proc/PID/status` text, in bytes.
fn status_field_bytes(status: &str, name: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with(name))?;
    let mut words = line[name.len()..].split_whitespace();
    let value: u64 = words.next()?.parse().ok()?;
    match words.next() {
        Some("kB") => Some(value * 1024),
        None => Some(value),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_resident_size() {
        let status = "Name:\troadmap\nVmPeak:\t  20000 kB\nVmRSS:\t    1234 kB\nThreads:\t1\n";
        assert_eq!(status_field_bytes(status, "VmRSS:"), Some(1234 * 1024));
        assert_eq!(status_field_bytes(status, "VmSwap:"), None);
        assert_eq!(status_field_bytes("VmHWM:\t  20 kB\n", "VmHWM:"), Some(20 * 1024));
        assert_eq!(status_field_bytes("VmRSS:\tlots kB\n", "VmRSS:"), None);
    }

    #[test]
    fn this_process_has_memory() {
        if std::path::Path::new("/proc/self/status").exists() {
            assert!(own_resident_bytes().is_some_and(|b| b > 0));
        }
    }
}
