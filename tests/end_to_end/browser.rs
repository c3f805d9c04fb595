//! A headless Chromium driven over the DevTools protocol, for the pages the program serves.
//!
//! In: a URL. Out: a [`Browser`] showing it in one tab, in which scripts are evaluated (their
//! promises awaited, their values returned as JSON) and conditions waited for. Chromium is
//! started through `scripts/with-chromium.sh` (which installs Debian's package when the machine
//! has none), with a profile of its own in a temporary folder, and killed with its helper
//! processes when the `Browser` is dropped.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

use crate::common::root;

/// The longest anything is waited for: a bound, not an expectation.
const PATIENCE: Duration = Duration::from_secs(120);

pub struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    sent: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Chromium showing `url`.
    pub fn open(url: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(root().join("scripts/with-chromium.sh"))
            .args(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
            .args(["--disable-component-update", "--disable-sync", "--remote-debugging-port=0", "--remote-allow-origins=*"])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("start scripts/with-chromium.sh");
        // «DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID»; the rest of its
        // standard error is read and dropped, so that it never fills the pipe
        let stderr = child.stderr.take().expect("chromium's standard error");
        let (tell, listening) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.split("DevTools listening on ws://").nth(1) {
                    let _ = tell.send(at.split('/').next().unwrap_or_default().to_string());
                }
            }
        });
        let host = listening.recv_timeout(PATIENCE).expect("chromium's DevTools address");
        let page = Self::page_target(&host);
        let (socket, _) = tungstenite::connect(page.as_str()).expect("the tab's DevTools socket");
        let mut browser = Browser { child, socket, sent: 0, _profile: profile };
        // the tab shows about:blank, complete, until the page's document takes its place (whose
        // script may move to another #fragment)
        let document = url.split('#').next().unwrap_or(url);
        browser.wait_for(&format!("location.href.split('#')[0] === {} && document.readyState === 'complete'", json!(document)), url);
        browser
    }

    /// The DevTools socket of the tab Chromium opened.
    fn page_target(host: &str) -> String {
        let waited = Instant::now();
        loop {
            let targets: Option<Value> = ureq::get(&format!("http://{host}/json/list"))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_to_string().ok())
                .and_then(|t| serde_json::from_str(&t).ok());
            let page = targets.as_ref().and_then(Value::as_array).and_then(|ts| {
                ts.iter().find(|t| t["type"] == "page").and_then(|t| t["webSocketDebuggerUrl"].as_str()).map(str::to_string)
            });
            if let Some(page) = page {
                return page;
            }
            assert!(waited.elapsed() < PATIENCE, "chromium opened no tab");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The result of the DevTools method `method` called with `params`, or what went wrong.
    fn try_call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.sent += 1;
        let id = self.sent;
        self.socket.send(Message::text(json!({"id": id, "method": method, "params": params}).to_string())).map_err(|e| e.to_string())?;
        loop {
            let message = self.socket.read().map_err(|e| e.to_string())?;
            let Ok(answer) = serde_json::from_str::<Value>(message.to_text().unwrap_or_default()) else { continue };
            if answer["id"] != id {
                continue; // an event
            }
            return match answer.get("error") {
                Some(error) => Err(error.to_string()),
                None => Ok(answer["result"].clone()),
            };
        }
    }

    /// The value of `expression` in the tab (a promise awaited), or what went wrong.
    pub fn try_evaluate(&mut self, expression: &str) -> Result<Value, String> {
        let result = self.try_call("Runtime.evaluate", json!({"expression": expression, "awaitPromise": true, "returnByValue": true}))?;
        if let Some(thrown) = result.get("exceptionDetails") {
            return Err(thrown["exception"]["description"].as_str().map_or_else(|| thrown.to_string(), str::to_string));
        }
        Ok(result["result"]["value"].clone())
    }

    pub fn evaluate(&mut self, expression: &str) -> Value {
        self.try_evaluate(expression).unwrap_or_else(|e| panic!("{expression}: {e}"))
    }

    /// Wait until `condition` is true in the tab (asked every 100 ms; a page still loading
    /// answers false).
    pub fn wait_for(&mut self, condition: &str, what: &str) {
        let waited = Instant::now();
        while self.try_evaluate(condition) != Ok(Value::Bool(true)) {
            assert!(
                waited.elapsed() < PATIENCE,
                "waited in vain for {what} ({condition}): {:?}",
                self.try_evaluate("[location.href, document.readyState]")
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A PNG of what the tab shows, `width` × `height` CSS pixels.
    pub fn screenshot(&mut self, width: u32, height: u32) -> Vec<u8> {
        let size = json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false});
        self.try_call("Emulation.setDeviceMetricsOverride", size).unwrap();
        let shot = self.try_call("Page.captureScreenshot", json!({"format": "png"})).unwrap();
        let data = shot["data"].as_str().unwrap_or_else(|| panic!("no screenshot: {shot}"));
        base64::engine::general_purpose::STANDARD.decode(data).unwrap()
    }

    /// Go to `url` and wait until it has loaded (a page may then move to a place in itself,
    /// `#…`).
    pub fn go(&mut self, url: &str) {
        self.evaluate(&format!("location.href = {}; true", json!(url)));
        let loaded = format!("location.href.split('#')[0] === {} && document.readyState === 'complete'", json!(url));
        self.wait_for(&loaded, url);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // the group: Chromium and the helper processes it started
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.child.id())]).status();
        let _ = self.child.wait();
    }
}
