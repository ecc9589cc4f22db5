// Drives an edition in Debian's chromium through playwright-core (never a downloaded browser)
// and prints what it saw as JSON; the Python tests (tests/core/editions/test_browser.py) assert.
//
//   node drive.mjs config.json
//
// config: {chromium, tasks: [{kind, url, origin?, viewport?, screenshot?, ...}]}
// Every task records every request the page made; "outside" lists those that left the page's
// own file (file://) or its own server (origin), which must be none.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const browser = await chromium.launch({
  executablePath: config.chromium,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run"],
});

async function open(task) {
  const context = await browser.newContext({
    viewport: task.viewport || { width: 1280, height: 800 },
    locale: task.locale || "en-GB",
    serviceWorkers: "block",
    colorScheme: task.colorScheme || "light",
    isMobile: !!task.mobile,
    hasTouch: !!task.mobile,
  });
  const requests = [];
  const dialogs = [];
  const errors = [];
  const failed = [];
  context.on("request", (r) => requests.push(r.url()));
  context.on("response", (r) => { if (r.status() >= 400) failed.push(r.url()); });
  const page = await context.newPage();
  page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  // A server started by the test may still be coming up: try for a few seconds.
  for (let i = 0; ; i++) {
    try { await page.goto(task.url, { waitUntil: "load" }); break; }
    catch (e) { if (i > 50) throw e; await new Promise((r) => setTimeout(r, 100)); }
  }
  await page.waitForFunction(() => !!window.JuneFourthEdition);
  return { context, page, requests, dialogs, errors, failed };
}

function outside(task, requests) {
  return requests.filter((u) => {
    if (task.origin) return !u.startsWith(task.origin);
    return !(u.split("#")[0] === task.url.split("#")[0]);
  });
}

async function search(page, text) {
  await page.fill("input[type=search]", text);
  await page.press("input[type=search]", "Enter");
  await page.waitForSelector("#results:not([hidden])");
  return page.$$eval("#results .hit", (hits) => hits.map((h) => ({
    year: h.dataset.year, lang: h.dataset.lang, paragraph: h.dataset.paragraph,
    version: h.dataset.version || null, marks: Array.from(h.querySelectorAll("mark")).map((m) => m.textContent),
    text: h.textContent, href: h.getAttribute("href"),
  })));
}

async function walkthrough(task) {
  const { context, page, requests, dialogs, errors, failed } = await open(task);
  const seen = {};
  seen.csp = await page.$eval("meta[http-equiv=Content-Security-Policy]", (m) => m.content);
  seen.paragraphs = await page.$$eval(".para", (ps) => ps.map((p) => ({
    id: p.id, year: p.dataset.year, lang: p.dataset.lang, paragraph: p.dataset.paragraph,
    version: p.dataset.version || null,
  })));
  seen.searchType = await page.$eval("#q", (q) => q.type);
  // Views
  const visible = async () => ({
    en: await page.isVisible(`[id="${task.en}"]`), zh: await page.isVisible(`[id="${task.zh}"]`),
  });
  await page.click("button[data-view=en]");
  seen.viewEn = await visible();
  await page.click("button[data-view=zh]");
  seen.viewZh = await visible();
  await page.click("button[data-view=sbs]");
  seen.viewSbs = await visible();
  seen.sbsColumns = await page.$eval(`[id="${task.en}"]`, (p) => {
    const row = p.closest(".row");
    const a = row.querySelector(".cell.en").getBoundingClientRect();
    const b = row.querySelector(".cell.zh").getBoundingClientRect();
    return { sameLine: Math.abs(a.top - b.top) < 2, enRight: a.right, zhLeft: b.left };
  });
  // Scripts
  await page.selectOption("#script", "simplified");
  seen.simplified = await page.$eval(`[id="${task.zh}"] .text`, (e) => e.textContent);
  seen.banner = await page.$eval("article.statement:not([hidden]) .converted", (e) => ({ hidden: e.hidden, text: e.textContent }));
  await page.selectOption("#script", "traditional-hk");
  seen.hk = await page.$eval(`[id="${task.zh}"] .text`, (e) => e.textContent);
  await page.selectOption("#script", "original");
  seen.original = await page.$eval(`[id="${task.zh}"] .text`, (e) => e.textContent);
  seen.bannerOriginal = await page.$eval("article.statement:not([hidden]) .converted", (e) => e.hidden);
  // Search across scripts, and an English phrase
  seen.searchSimplified = await search(page, task.zhQuery);
  if (task.screenshotSearch) await page.screenshot({ path: task.screenshotSearch, fullPage: false });
  const first = await page.$("#results .hit[data-lang=zh]");
  if (first) {
    await first.click();
    await page.waitForSelector(".para.target");
    seen.opened = await page.$$eval(".para.target", (ps) => ps.map((p) => ({ id: p.id, marks: Array.from(p.querySelectorAll("mark")).map((m) => m.textContent) })));
    seen.hash = await page.evaluate(() => location.hash);
  }
  seen.searchPhrase = await search(page, task.enQuery);
  seen.searchWordForm = await search(page, task.enWordForm || "vigils");
  // Escape empties the box and hides the results; Ctrl+K comes back to it.
  await page.press("input[type=search]", "Escape");
  seen.escapeHides = await page.$eval("#results", (r) => r.hidden);
  await page.click("article.statement:not([hidden]) .title");
  await page.keyboard.press("Control+k");
  seen.ctrlK = await page.evaluate(() => document.activeElement && document.activeElement.id);
  // Copy with citation (the page's copy handler on a real selection)
  seen.copied = await page.evaluate((id) => {
    const text = document.getElementById(id).querySelector(".text");
    const range = document.createRange();
    range.setStart(text.firstChild, 0);
    range.setEnd(text.firstChild, Math.min(40, text.firstChild.length));
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    const data = new DataTransfer();
    const event = new ClipboardEvent("copy", { clipboardData: data, bubbles: true, cancelable: true });
    document.dispatchEvent(event);
    return data.getData("text/plain");
  }, task.en);
  // Interface language
  await page.selectOption("#ui-lang", "zh_Hant");
  seen.uiHant = await page.$eval("button[data-view=sbs]", (b) => b.textContent);
  await page.selectOption("#ui-lang", "zh_Hans");
  seen.uiHans = await page.$eval("button[data-view=sbs]", (b) => b.textContent);
  await page.selectOption("#ui-lang", "en");
  // Print: the statement alone, on white; dark follows the system.
  await page.emulateMedia({ media: "print" });
  seen.print = { bar: await page.isVisible(".bar"), years: await page.isVisible("#years"),
    statement: await page.isVisible("article.statement:not([hidden])"),
    background: await page.evaluate(() => getComputedStyle(document.body).backgroundColor) };
  await page.emulateMedia({ media: "screen", colorScheme: "dark" });
  seen.darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ media: "screen", colorScheme: "light" });
  seen.lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  // Anchor to a paragraph
  await page.evaluate((id) => { location.hash = id; }, task.en);
  await page.waitForFunction((id) => document.getElementById(id).classList.contains("target"), task.en);
  seen.anchorTarget = true;
  if (task.screenshot) {
    await page.fill("input[type=search]", "");
    await page.press("input[type=search]", "Enter");
    await page.selectOption("#script", task.screenshotScript || "original");
    await page.evaluate(() => { location.hash = ""; window.scrollTo(0, 0); });
    await page.screenshot({ path: task.screenshot, fullPage: false });
  }
  seen.requests = requests;
  seen.outside = outside(task, requests);
  seen.dialogs = dialogs;
  seen.errors = errors;
  seen.failed = failed;
  await context.close();
  return seen;
}

async function probe(task) {
  const { context, page, requests, errors } = await open(task);
  const result = await page.evaluate((t) => ({
    fold: t.fold.map((s) => window.JuneFourthEdition.fold(s)),
    stem: t.stem.map((s) => window.JuneFourthEdition.stem(s)),
    htmlLang: document.documentElement.lang,
    sbs: document.querySelector("button[data-view=sbs]").textContent,
    uiSelect: document.getElementById("ui-lang").value,
  }), task);
  if (task.screenshot) await page.screenshot({ path: task.screenshot });
  result.outside = outside(task, requests);
  result.errors = errors;
  await context.close();
  return result;
}

async function hostile(task) {
  const { context, page, requests, dialogs, errors } = await open(task);
  const seen = await page.evaluate(() => ({
    titles: Array.from(document.querySelectorAll("article.statement .title")).map((e) => e.textContent),
    navTitles: Array.from(document.querySelectorAll("#years .title")).map((e) => e.textContent),
    injected: document.querySelectorAll("article img, article script, article b, #years img, #years b, img, iframe").length,
    scripts: document.querySelectorAll("script").length,
    localNotes: Array.from(document.querySelectorAll(".local-note")).map((e) => e.textContent),
    versions: Array.from(document.querySelectorAll(".para[data-version]")).map((p) => p.id),
  }));
  await page.evaluate(() => { location.hash = ""; });
  seen.search = await search(page, task.query);
  seen.resultMarkup = await page.$$eval("#results img, #results b, #results script", (e) => e.length);
  for (const id of task.open || []) {
    await page.evaluate((i) => { location.hash = i; }, id);
    await page.waitForFunction((i) => document.getElementById(i).classList.contains("target"), id);
  }
  seen.injectedAfter = await page.$$eval("img, iframe, b", (e) => e.length);
  seen.outside = outside(task, requests);
  seen.dialogs = dialogs;
  seen.errors = errors;
  await context.close();
  return seen;
}

// The ZIM's main page: the years listed; a search there opens the hit in its article.
async function navigate(task) {
  const { context, page, requests, dialogs, errors, failed } = await open(task);
  const seen = {};
  seen.years = await page.$$eval("#years a", (as) => as.map((a) => ({ href: a.getAttribute("href"), text: a.textContent })));
  seen.hits = await search(page, task.query);
  await Promise.all([page.waitForURL((u) => String(u).includes("#")), page.click("#results .hit")]);
  await page.waitForSelector(".para.target");
  seen.url = page.url();
  seen.opened = await page.$$eval(".para.target", (ps) => ps.map((p) => p.id));
  if (task.screenshot) await page.screenshot({ path: task.screenshot });
  seen.outside = outside(task, requests);
  seen.requests = requests;
  seen.dialogs = dialogs;
  seen.errors = errors;
  seen.failed = failed;
  await context.close();
  return seen;
}

const KINDS = { walkthrough, probe, hostile, navigate };
const out = [];
try {
  for (const task of config.tasks) out.push(await KINDS[task.kind](task));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
