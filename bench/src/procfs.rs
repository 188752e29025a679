//! What a process has used so far, from Linux's `/proc`: CPU time and resident memory.

/// Linux's `USER_HZ`: the clock ticks per second `/proc/PID/stat` counts CPU time in
/// (fixed at 100 for user space, whatever the kernel's own tick).
const USER_HZ: u64 = 100;

/// CPU time and memory of a process.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Usage {
    /// CPU time so far, user and system, every thread included, in nanoseconds (to the
    /// nearest 10 ms tick).
    pub cpu_nanos: u64,
    /// Resident memory now, in KiB.
    pub rss_kib: u64,
    /// Resident memory at its peak, in KiB.
    pub peak_rss_kib: u64,
}

/// The usage of process `pid`.
pub fn usage(pid: u32) -> std::io::Result<Usage> {
    read(&pid.to_string())
}

/// The usage of this process.
pub fn own() -> std::io::Result<Usage> {
    read("self")
}

fn read(pid: &str) -> std::io::Result<Usage> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The fields after the command name, which is in parentheses and may hold spaces;
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kib = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    Ok(Usage {
        cpu_nanos: (ticks(11) + ticks(12)) * (1_000_000_000 / USER_HZ),
        rss_kib: kib("VmRSS:"),
        peak_rss_kib: kib("VmHWM:"),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn this_process_uses_memory_and_cpu() {
        let before = super::own().unwrap();
        let mut spin = 0u64;
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_millis(50) {
            spin = std::hint::black_box(spin.wrapping_add(1));
        }
        let after = super::usage(std::process::id()).unwrap();
        assert!(after.rss_kib > 0 && after.peak_rss_kib >= after.rss_kib);
        assert!(after.cpu_nanos > before.cpu_nanos, "{before:?} {after:?}");
    }
}
