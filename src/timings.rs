//! Per-phase wall-clock timings (`--timings`): the library records how long each phase
//! of `check` and `build` took; `main` prints them. Recording is cheap (one `Instant`
//! per phase, plus one read of `/proc/self/status` for the memory high-water mark at the
//! phase's end), so it is always on.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The phases of a run, in order, each with its wall time.
#[derive(Debug, Default)]
pub struct Timings {
    phases: Mutex<Vec<(&'static str, Duration)>>,
    /// The peak resident memory (KB) when each phase last ended, by phase name.
    marks: Mutex<Vec<(&'static str, u64)>>,
}

impl Timings {
    /// No phases yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Run `f` as the phase `name` and record how long it took. Phases of the same
    /// name add up (a phase may run in several pieces).
    pub fn time<T>(&self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.add(name, start.elapsed());
        if let Some(kb) = peak_memory_kb() {
            self.mark(name, kb);
        }
        out
    }

    /// Record that the memory high-water mark was `kb` when phase `name` ended.
    pub fn mark(&self, name: &'static str, kb: u64) {
        let mut marks = self.marks.lock().unwrap_or_else(|e| e.into_inner());
        match marks.iter_mut().find(|(n, _)| *n == name) {
            Some((_, k)) => *k = (*k).max(kb),
            None => marks.push((name, kb)),
        }
    }

    /// Add `took` to the phase `name`.
    pub fn add(&self, name: &'static str, took: Duration) {
        let mut phases = self.phases.lock().unwrap_or_else(|e| e.into_inner());
        match phases.iter_mut().find(|(n, _)| *n == name) {
            Some((_, d)) => *d += took,
            None => phases.push((name, took)),
        }
    }

    fn mark_of(&self, name: &str) -> Option<u64> {
        let marks = self.marks.lock().unwrap_or_else(|e| e.into_inner());
        marks.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }

    /// The phases in the order they first ran.
    pub fn phases(&self) -> Vec<(&'static str, Duration)> {
        self.phases
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// A table for people: each phase, its seconds and share of `total` and (when known)
    /// the memory high-water mark at its end, so the phase that raised the peak shows;
    /// then the total and the peak memory in MB.
    pub fn table(&self, total: Duration, peak_kb: Option<u64>) -> String {
        use unicode_width::UnicodeWidthStr;
        let total_s = total.as_secs_f64();
        let phases = self.phases();
        // Labels padded to one display width (合计 and 峰值内存 are two columns a character).
        let width = phases
            .iter()
            .map(|(n, _)| n.width())
            .chain(["峰值内存".width()])
            .max()
            .unwrap_or(0);
        let label = |s: &str| format!("{s}{}", " ".repeat(width - s.width().min(width)));
        let mut out = String::from("用时（--timings）:\n");
        for (name, d) in phases {
            let s = d.as_secs_f64();
            let share = if total_s > 0.0 {
                s / total_s * 100.0
            } else {
                0.0
            };
            out.push_str(&format!("  {} {s:>8.3} 秒 {share:>5.1}%", label(name)));
            if let Some(kb) = self.mark_of(name) {
                out.push_str(&format!("  峰值至此 {:>7.1} MB", kb as f64 / 1024.0));
            }
            out.push('\n');
        }
        out.push_str(&format!("  {} {total_s:>8.3} 秒\n", label("合计")));
        if let Some(kb) = peak_kb {
            out.push_str(&format!(
                "  {} {:>8.1} MB\n",
                label("峰值内存"),
                kb as f64 / 1024.0
            ));
        }
        out
    }
}

/// The process's peak resident memory in KB (Linux `VmHWM`), or `None` elsewhere.
pub fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_vm_hwm(&status)
}

/// `VmHWM` from the text of `/proc/self/status`.
fn parse_vm_hwm(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn phases_add_up_in_first_run_order() {
        let t = Timings::new();
        t.add("load", Duration::from_millis(100));
        t.add("rules", Duration::from_millis(50));
        t.add("load", Duration::from_millis(20));
        assert_eq!(
            t.phases(),
            vec![
                ("load", Duration::from_millis(120)),
                ("rules", Duration::from_millis(50))
            ]
        );
        assert_eq!(t.time("render", || 7), 7);
        assert_eq!(t.phases().len(), 3);
        let table = t.table(Duration::from_millis(400), Some(2048));
        assert!(table.contains("load"), "{table}");
        assert!(table.contains("0.120 秒  30.0%"), "{table}");
        assert!(table.contains("峰值内存      2.0 MB"), "{table}");
        // Every number column starts at one display column, however long the name.
        t.add("performance", Duration::from_millis(1));
        let table = t.table(Duration::from_millis(400), Some(2048));
        let starts: Vec<usize> = table
            .lines()
            .skip(1)
            .map(|l| {
                // Display width up to the end of the number (the second word).
                let number = l.split_whitespace().nth(1).unwrap_or("");
                let end = l.find(number).unwrap_or(0) + number.len();
                l[..end].width()
            })
            .collect();
        assert!(starts.windows(2).all(|w| w[0] == w[1]), "{table}");
        t.mark("rules", 1024);
        t.mark("rules", 512);
        let table = t.table(Duration::from_millis(400), None);
        assert!(table.contains("  峰值至此     1.0 MB\n"), "{table}");
    }

    #[test]
    fn peak_memory_is_read_from_vm_hwm() {
        let status = "Name:\ttongbao\nVmPeak:\t  99 kB\nVmHWM:\t   12345 kB\nVmRSS:\t 1 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(12345));
        assert_eq!(parse_vm_hwm("Name: x\n"), None);
    }
}
