//! Tesseract 5 as an external program: a page image in (a Netpbm file in the temporary folder:
//! Tesseract reads a file a fifth faster than the same image on its standard input), its words
//! with their boxes and confidences out (TSV).
//!
//! In: a binary image, its resolution and the languages. Out: [`Word`]s in pixels with the
//! line they belong to. The program runs with one thread (`OMP_THREAD_LIMIT=1`): pages are
//! recognized in parallel instead, and a process-wide count keeps no more programs running
//! at once than there are cores. A program that outlives the document's time limit is killed.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use crate::image::Gray;

/// A recognized word in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
    pub confidence: f32,
    /// Block, paragraph and line numbers: words of one line share them.
    pub line: (u32, u32, u32),
}

/// What a program says of itself: its version and its installed languages.
type Probe = Result<(String, Vec<String>), String>;

/// The program's version (`tesseract 5.3.0` → `5.3.0`) and its installed languages, or why it
/// cannot run; asked once per program in a process, however many documents ask.
pub fn probe(program: &str) -> Probe {
    static PROBED: OnceLock<Mutex<HashMap<String, Probe>>> = OnceLock::new();
    let mut probed = PROBED.get_or_init(Mutex::default).lock().unwrap_or_else(PoisonError::into_inner);
    probed.entry(program.to_string()).or_insert_with(|| ask(program)).clone()
}

fn ask(program: &str) -> Probe {
    let version = Command::new(program).arg("--version").output().map_err(|e| format!("{program}: {e}"))?;
    let text = String::from_utf8_lossy(&version.stdout).into_owned() + &String::from_utf8_lossy(&version.stderr);
    let version = text.lines().next().and_then(|l| l.split_whitespace().nth(1)).unwrap_or("unknown").to_string();
    let langs = Command::new(program).arg("--list-langs").output().map_err(|e| format!("{program}: {e}"))?;
    let listed = String::from_utf8_lossy(&langs.stdout).into_owned() + &String::from_utf8_lossy(&langs.stderr);
    let languages = listed.lines().skip(1).map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
    Ok((version, languages))
}

/// Programs running now, and how many may run at once.
struct Slots {
    running: Mutex<usize>,
    freed: Condvar,
}

fn slots() -> &'static Slots {
    static SLOTS: OnceLock<Slots> = OnceLock::new();
    SLOTS.get_or_init(|| Slots { running: Mutex::new(0), freed: Condvar::new() })
}

/// Run `work` once fewer than one program per core run.
fn in_slot<T>(work: impl FnOnce() -> T) -> T {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let slots = slots();
    {
        let mut running = slots.running.lock().unwrap_or_else(PoisonError::into_inner);
        while *running >= cores {
            running = slots.freed.wait(running).unwrap_or_else(PoisonError::into_inner);
        }
        *running += 1;
    }
    let result = work();
    *slots.running.lock().unwrap_or_else(PoisonError::into_inner) -= 1;
    slots.freed.notify_one();
    result
}

/// Recognize `image` (at `dpi`) in `languages` («rus+eng») with the page segmentation mode
/// `psm` (3: a page; 6: one block), within `time` if given.
pub fn recognize(program: &str, image: &Gray, dpi: f32, languages: &str, psm: &str, time: Option<Duration>) -> Result<Vec<Word>, String> {
    let mut file =
        tempfile::Builder::new().prefix("roadmap-page-").suffix(".pnm").tempfile().map_err(|e| format!("a temporary file: {e}"))?;
    file.write_all(&netpbm(image)).and_then(|()| file.flush()).map_err(|e| format!("a temporary file: {e}"))?;
    in_slot(|| {
        if roadmap_layout::deadline::interrupted() {
            return Err("interrupted".to_string());
        }
        let mut child = Command::new(program)
            .arg(file.path())
            .args(["stdout", "-l", languages, "--psm", psm, "--dpi"])
            .arg(format!("{}", dpi.round()))
            .arg("tsv")
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{program}: {e}"))?;
        let mut stdout = child.stdout.take().ok_or("no standard output from the recognizer")?;
        let reader = std::thread::spawn(move || {
            let mut tsv = String::new();
            stdout.read_to_string(&mut tsv).map(|_| tsv)
        });
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                break status;
            }
            // an interrupted run kills its recognizers, so their page images are removed with them
            if time.is_some_and(|t| started.elapsed() > t) || roadmap_layout::deadline::interrupted() {
                let _ = child.kill();
                let _ = child.wait();
                return Err("the recognizer ran past the time limit".to_string());
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let tsv = reader.join().map_err(|_| "the recognizer's output was lost")?.map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("the recognizer failed ({status})"));
        }
        Ok(parse(&tsv))
    })
}

/// `image` as a Netpbm file: a bitmap (P4, a bit a pixel, 1 for ink) when it is black and
/// white, as a prepared page is — Tesseract takes it as binarized already and reads the same
/// words in about a tenth less time —, else a gray map (P5).
fn netpbm(image: &Gray) -> Vec<u8> {
    if !image.pixels.iter().all(|&p| p == 0 || p == 255) {
        let mut file = format!("P5\n{} {}\n255\n", image.width, image.height).into_bytes();
        file.extend_from_slice(&image.pixels);
        return file;
    }
    let mut file = format!("P4\n{} {}\n", image.width, image.height).into_bytes();
    for row in image.pixels.chunks(image.width.max(1)) {
        for eight in row.chunks(8) {
            file.push(eight.iter().enumerate().fold(0u8, |byte, (k, &p)| if p == 0 { byte | 0x80 >> k } else { byte }));
        }
    }
    file
}

/// The words of Tesseract's TSV (level 5 rows).
pub fn parse(tsv: &str) -> Vec<Word> {
    tsv.lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 12 || f[0] != "5" {
                return None;
            }
            let n = |i: usize| f[i].trim().parse::<f32>().ok();
            let id = |i: usize| f[i].trim().parse::<u32>().ok();
            let text = f[11..].join("\t").trim().to_string();
            if text.is_empty() {
                return None;
            }
            Some(Word {
                text,
                left: n(6)?,
                top: n(7)?,
                width: n(8)?,
                height: n(9)?,
                confidence: n(10)?.clamp(0.0, 100.0),
                line: (id(2)?, id(3)?, id(4)?),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn tsv_rows_of_words_are_read() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t1\t0\t10\t20\t300\t40\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t10\t20\t80\t40\t96.5\tДо\n\
                   5\t1\t1\t1\t1\t2\t100\t22\t200\t38\t91\t16.12.2021\n\
                   5\t1\t1\t1\t1\t3\t310\t22\t20\t38\t95\t \n";
        let words = super::parse(tsv);
        assert_eq!(words.len(), 2);
        assert_eq!((words[1].text.as_str(), words[1].left, words[1].confidence), ("16.12.2021", 100.0, 91.0));
        assert_eq!(words[0].line, (1, 1, 1));
    }

    #[test]
    fn a_black_and_white_image_is_written_a_bit_a_pixel_and_a_gray_one_a_byte() {
        // 10 × 2: ink at x = 0 and 9 of the first row, paper in the second
        let mut pixels = vec![255u8; 20];
        (pixels[0], pixels[9]) = (0, 0);
        let binary = super::Gray { width: 10, height: 2, pixels };
        assert_eq!(super::netpbm(&binary), b"P4\n10 2\n\x80\x40\x00\x00".to_vec());
        let gray = super::Gray { width: 2, height: 1, pixels: vec![0, 128] };
        assert_eq!(super::netpbm(&gray), b"P5\n2 1\n255\n\x00\x80".to_vec());
    }
}
