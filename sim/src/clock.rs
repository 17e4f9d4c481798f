//! Wall-clock helpers: Unix times and the ATOM dates Bitrix24 writes (`2024-07-22T18:00:08+03:00`).
//! The simulated portal lives in Moscow time, as a Russian portal would.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

/// The portal's UTC offset in seconds (+03:00).
const OFFSET: i64 = 3 * 3600;

pub fn now_f64() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

pub fn now() -> i64 {
    now_f64() as i64
}

/// An ATOM date in the portal's zone.
pub fn atom(unix: i64) -> String {
    let local = unix + OFFSET;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+03:00",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Howard Hinnant's days → civil date.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The `time` object of every REST answer (`api-reference/data-types.md#time`).
pub fn time_block(start: f64, finish: f64) -> Value {
    let duration = (finish - start).max(0.0);
    json!({
        "start": start,
        "finish": finish,
        "duration": duration,
        "processing": duration,
        "date_start": atom(start as i64),
        "date_finish": atom(finish as i64),
        "operating_reset_at": start as i64 + 600,
        "operating": 0,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn atom_dates() {
        assert_eq!(super::atom(0), "1970-01-01T03:00:00+03:00");
        assert_eq!(super::atom(1_721_660_468), "2024-07-22T18:01:08+03:00");
    }
}
