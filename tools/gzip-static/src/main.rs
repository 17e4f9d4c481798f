//! `gzip-static DIR`: writes `FILE.gz` beside every text or wasm file of DIR (not its
//! subfolders), compressed ahead of time with Zopfli, for a web server that sends `FILE.gz` as
//! is when the browser accepts gzip (nginx `gzip_static on;`, tower-http's
//! `ServeFile::precompressed_gzip`). Zopfli's output is plain gzip (RFC 1952), a few per cent
//! smaller than `gzip -9`; every `.gz` is inflated again and compared with its file before it
//! is kept, so a browser gets exactly the file. `./build.sh` runs it on `dist/` after a release
//! build; the bench counts these files as what a manager's tab downloads.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The kinds of file a browser fetches from `dist/` and a server compresses.
const COMPRESSED: &[&str] = &["html", "js", "css", "wasm", "txt", "svg", "json"];

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(dir), None) = (args.next(), args.next()) else {
        eprintln!("usage: gzip-static DIR");
        return ExitCode::from(2);
    };
    match run(Path::new(&dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gzip-static: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &Path) -> io::Result<()> {
    let mut files = candidates(dir)?;
    files.sort();
    for file in files {
        let data = std::fs::read(&file)?;
        let gz = compress(&data)?;
        let target = gz_path(&file);
        let tmp = target.with_extension("gz.tmp");
        std::fs::write(&tmp, &gz)?;
        std::fs::rename(&tmp, &target)?;
        println!(
            "gzip-static: {} {} B → {} B",
            file.file_name().unwrap_or_default().to_string_lossy(),
            data.len(),
            gz.len()
        );
    }
    Ok(())
}

/// The files of `dir` (not its subfolders) that get a `.gz`.
fn candidates(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() && wanted(&entry.path()) {
            out.push(entry.path());
        }
    }
    Ok(out)
}

fn wanted(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| COMPRESSED.contains(&e))
}

fn gz_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".gz");
    PathBuf::from(name)
}

/// Zopfli's gzip of `data`, checked: inflated, it is `data` again.
fn compress(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut gz = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        data,
        &mut gz,
    )?;
    let mut back = Vec::with_capacity(data.len());
    flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut back)?;
    if back != data {
        return Err(io::Error::other("the gzip does not inflate to the file"));
    }
    Ok(gz)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gzip_inflates_to_the_file_and_beats_gzip_9() {
        let data: Vec<u8> = (0..2_000u32)
            .flat_map(|i| format!("<p id=\"r{}\">строка {}</p>\n", i % 97, i % 13).into_bytes())
            .collect();
        let gz = compress(&data).expect("compressed");
        assert_eq!(&gz[..2], &[0x1f, 0x8b], "a gzip member");
        use std::io::Write;
        let mut nine = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        nine.write_all(&data).expect("gzip -9");
        assert!(gz.len() < nine.finish().expect("gzip -9").len());
    }

    #[test]
    fn only_files_a_browser_fetches_get_a_gz() {
        for name in [
            "index.html",
            "app.js",
            "app.css",
            "handover_bg.wasm",
            "LICENSES.txt",
        ] {
            assert!(wanted(Path::new(name)), "{name}");
        }
        for name in ["handover_bg.wasm.gz", "handover.zip", "README", "photo.png"] {
            assert!(!wanted(Path::new(name)), "{name}");
        }
        assert_eq!(gz_path(Path::new("d/a.wasm")), PathBuf::from("d/a.wasm.gz"));
    }

    #[test]
    fn a_directory_gets_one_gz_per_file_and_again_on_a_second_run() {
        let dir = std::env::temp_dir().join(format!("gzip-static-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).expect("dir");
        std::fs::write(dir.join("a.js"), "export const a = 1;\n".repeat(50)).expect("a.js");
        std::fs::write(dir.join("b.png"), [0u8; 10]).expect("b.png");
        std::fs::write(dir.join("sub/c.js"), "c").expect("c.js");
        run(&dir).expect("first run");
        run(&dir).expect("second run: the .gz files are not compressed again");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.js", "a.js.gz", "b.png", "sub"]);
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
