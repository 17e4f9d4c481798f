//! `handover-sim [--port 8080] [--widget-port 8081] [--widget-dir dist] [--fixtures-dir DIR]`:
//! runs the simulated portal until Ctrl-C. `PORT` in the environment stands in for `--port`.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: handover-sim [--port 8080] [--widget-port <port+1>] [--widget-dir dist] \
                     [--fixtures-dir e2e/fixtures]";

fn parse_args(args: &[String], env_port: Option<String>) -> Result<sim::Config, String> {
    let mut port: Option<u16> = None;
    let mut widget_port: Option<u16> = None;
    let mut widget_dir = PathBuf::from("dist");
    let mut fixtures_dir = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        if flag == "-h" || flag == "--help" {
            return Err(USAGE.to_string());
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| iter.next().cloned())
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        let number = |v: String| {
            v.parse::<u16>()
                .map_err(|_| format!("{flag}: not a port: {v}"))
        };
        match flag {
            "--port" => port = Some(number(value()?)?),
            "--widget-port" => widget_port = Some(number(value()?)?),
            "--widget-dir" => widget_dir = PathBuf::from(value()?),
            "--fixtures-dir" => fixtures_dir = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    let port = match (port, env_port) {
        (Some(p), _) => p,
        (None, Some(env)) => env
            .parse()
            .map_err(|_| format!("PORT: not a port: {env}"))?,
        (None, None) => 8080,
    };
    let widget_port = widget_port.unwrap_or(if port == 0 { 0 } else { port.saturating_add(1) });
    Ok(sim::Config {
        port,
        widget_port,
        widget_dir,
        fixtures_dir,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse_args(&args, std::env::var("PORT").ok()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let running = match sim::spawn(config).await {
        Ok(running) => running,
        Err(e) => {
            eprintln!("handover-sim: cannot listen: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("portal:    {}", running.portal_url);
    println!("widget:    {}", running.widget_url);
    println!("deal card: {}/crm/deal/details/101/", running.portal_url);
    println!(
        "chat:      {}/online/?IM_DIALOG=chat1001",
        running.portal_url
    );
    println!("deal list: {}/crm/deal/list/", running.portal_url);
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("handover-sim: cannot wait for Ctrl-C: {e}");
    }
    drop(running);
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::parse_args;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn defaults_and_flags() {
        let c = parse_args(&[], None).unwrap();
        assert_eq!((c.port, c.widget_port), (8080, 8081));
        let c = parse_args(&args(&["--port", "9000", "--widget-dir=out"]), None).unwrap();
        assert_eq!((c.port, c.widget_port), (9000, 9001));
        assert_eq!(c.widget_dir, std::path::PathBuf::from("out"));
        let c = parse_args(&args(&["--widget-port", "7"]), Some("0".into())).unwrap();
        assert_eq!((c.port, c.widget_port), (0, 7));
        assert!(parse_args(&args(&["--port", "x"]), None).is_err());
        assert!(parse_args(&args(&["--bogus"]), None).is_err());
    }
}
