#!/usr/bin/env node
// inspect.js PAGE [options]
//
// Opens PAGE (a file: SVG, HTML, anything Chromium shows) in headless
// Chromium, offline, and prints on stdout one JSON document of what it
// shows, for tests to assert on (tests/integration/browser.rs; CONTRIBUTING.md,
// "Browser tests"):
//
//   page, browser          the file's absolute path, Chromium's version
//   document               the root element's name: "svg", "html"
//   title                  document.title
//   console                [{type, text}]: console errors and warnings
//   pageErrors             [message]: uncaught exceptions
//   dialogs                [message]: alert/confirm/prompt opened (dismissed)
//   blockedRequests        [url]: every request but PAGE itself (none is let through)
//   parserErrors           XML parse errors (<parsererror> elements)
//   size                   {width, height}: the document's scroll size
//   counts                 {SELECTOR: n} for each --count SELECTOR
//   elements               every element with a data-* attribute, in document order:
//                          {tag, attrs (data-* without "data-"), aria (aria-* without
//                          "aria-", and role), box {x, y, width, height}
//                          in page pixels, text (its text, <title>/<desc>/<style>/<script>
//                          left out), fill, stroke (computed)}
//
// options:
//   --screenshot FILE   write a PNG of the page, at most --max-shot-height px tall
//   --width N           viewport width in CSS px (default 1600)
//   --max-shot-height N (default 4000)
//   --count SELECTOR    count the elements SELECTOR matches (repeatable)
//   --timeout S         seconds allowed to load the page (default 60)
//
// Exit status: 0 the page was opened (what it shows is in the JSON); 2 usage
// error, or Chromium or playwright-core could not be started (message on stderr).
// Environment: MILEPOST_CHROMIUM, the browser (default /usr/bin/chromium).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

function die(msg) {
  process.stderr.write(`inspect.js: ${msg}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { width: 1600, maxShot: 4000, counts: [], timeout: 60, screenshot: null, page: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => (i + 1 < argv.length ? argv[++i] : die(`${a} needs a value`));
    if (a === '--screenshot') o.screenshot = path.resolve(val());
    else if (a === '--width') o.width = Number(val());
    else if (a === '--max-shot-height') o.maxShot = Number(val());
    else if (a === '--count') o.counts.push(val());
    else if (a === '--timeout') o.timeout = Number(val());
    else if (a.startsWith('--')) die(`unknown option ${a}`);
    else if (o.page === null) o.page = path.resolve(a);
    else die(`one page at a time (got ${o.page} and ${a})`);
  }
  if (!o.page) die('usage: inspect.js PAGE [--screenshot FILE] [--width N] [--count SELECTOR]...');
  for (const k of ['width', 'maxShot', 'timeout']) if (!(o[k] > 0)) die(`${k} must be a positive number`);
  if (!fs.existsSync(o.page)) die(`no such file: ${o.page}`);
  return o;
}

// Runs in the page: the facts, from the DOM and the layout.
function facts(selectors) {
  const textOf = (node) => {
    let t = '';
    for (const c of node.childNodes) {
      if (c.nodeType === Node.TEXT_NODE) t += c.nodeValue;
      else if (c.nodeType === Node.ELEMENT_NODE && !['title', 'desc', 'style', 'script'].includes(c.localName))
        t += textOf(c);
    }
    return t;
  };
  const elements = [];
  for (const el of document.querySelectorAll('*')) {
    const attrs = {};
    const aria = {};
    let tagged = false;
    for (const a of el.attributes) {
      if (a.name.startsWith('data-')) {
        attrs[a.name.slice(5)] = a.value;
        tagged = true;
      } else if (a.name.startsWith('aria-')) aria[a.name.slice(5)] = a.value;
      else if (a.name === 'role') aria.role = a.value;
    }
    if (!tagged) continue;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    elements.push({
      tag: el.localName,
      attrs,
      aria,
      box: { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height },
      text: textOf(el),
      fill: style.fill || null,
      stroke: style.stroke || null,
    });
  }
  const root = document.documentElement;
  const counts = {};
  for (const s of selectors) counts[s] = document.querySelectorAll(s).length;
  return {
    document: root ? root.localName : null,
    title: document.title || '',
    parserErrors: document.getElementsByTagName('parsererror').length,
    size: { width: root ? root.scrollWidth : 0, height: root ? root.scrollHeight : 0 },
    counts,
    elements,
  };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const executablePath = process.env.MILEPOST_CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) die(`Chromium not found at ${executablePath} (apt-get install chromium)`);
  let chromium;
  try {
    ({ chromium } = require(path.join(__dirname, 'node_modules', 'playwright-core')));
  } catch (e) {
    die(`playwright-core is not installed in ${__dirname} (npm ci there): ${e.message.split('\n')[0]}`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'milepost-browser-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      chromiumSandbox: false,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--font-render-hinting=none',
      ],
      viewport: { width: o.width, height: 900 },
      offline: true,
      timeout: o.timeout * 1000,
    });
  } catch (e) {
    fs.rmSync(profile, { recursive: true, force: true });
    die(`could not start Chromium (${executablePath}): ${e.message.split('\n')[0]}`);
  }
  const url = require('url').pathToFileURL(o.page).href;
  const report = {
    page: o.page,
    browser: context.browser() ? context.browser().version() : null,
    console: [],
    pageErrors: [],
    dialogs: [],
    blockedRequests: [],
  };
  try {
    await context.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      report.blockedRequests.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') report.console.push({ type: m.type(), text: m.text() });
    });
    page.on('pageerror', (e) => report.pageErrors.push(e.message));
    page.on('dialog', (d) => {
      report.dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    await page.goto(url, { waitUntil: 'load', timeout: o.timeout * 1000 });
    Object.assign(report, await page.evaluate(facts, o.counts));
    if (o.screenshot) {
      const height = Math.max(1, Math.min(report.size.height, o.maxShot));
      await page.setViewportSize({ width: Math.max(1, report.size.width), height });
      await page.screenshot({ path: o.screenshot });
    }
  } catch (e) {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
    die(`could not inspect ${o.page}: ${e.message.split('\n')[0]}`);
  }
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((e) => die(e.stack || String(e)));
