// Drives headless Chromium through the DevTools protocol: opens OHIF on one study, hydrates each SEG overlay on its
// source series and the SR, and saves screenshots. Every console error, warning and uncaught exception of the page
// goes to the log with what OHIF showed (display sets, segments, measurements).
//
//   node shoot.mjs --url http://127.0.0.1:3000 --study UID --out DIR [--chromium /usr/bin/chromium] [--profile DIR]
//                  [--steps seg,sr,other] [--patience N]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';

const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const base = option('--url', 'http://127.0.0.1:3000');
const study = option('--study');
const out = path.resolve(option('--out', '.'));
const chromium = option('--chromium', '/usr/bin/chromium');
const profile = option('--profile', fs.mkdtempSync('/tmp/ohif-chromium-'));
const debugPort = Number(option('--debug-port', 9222));
// Which steps to run: seg (the SEG overlays), sr (the SR), other (key images, PDF); all by default.
const steps = new Set(String(option('--steps', 'seg,sr,other')).split(','));
// Every timeout is multiplied by this on a loaded machine (software WebGL shares the CPUs with everything else).
const patience = Math.max(1, Number(option('--patience', 1)) || 1);
if (!study) {
  console.error('usage: node shoot.mjs --url URL --study STUDY_UID --out DIR');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const stamp = () => new Date().toISOString().slice(11, 19);
const log = (...parts) => console.log(`[${stamp()}]`, ...parts);

// ------------------------------------------------------------------------------------------- browser and protocol

const browser = spawn(
  chromium,
  [
    '--headless=new',
    '--no-sandbox',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-extensions',
    '--disable-dev-shm-usage',
    // WebGL without a GPU: Cornerstone3D renders through vtk.js and needs it.
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--ignore-gpu-blocklist',
    `--remote-debugging-port=${debugPort}`,
    '--remote-debugging-address=127.0.0.1',
    `--user-data-dir=${profile}`,
    '--window-size=1600,1000',
    'about:blank',
  ],
  { stdio: ['ignore', 'ignore', 'pipe'] }
);
let browserErrors = '';
browser.stderr.on('data', d => (browserErrors += d));
const stopBrowser = () => {
  if (browser.exitCode === null) browser.kill('SIGTERM');
};
process.on('exit', stopBrowser);

async function pageSocketUrl() {
  for (let i = 0; i < 100; i++) {
    try {
      const targets = await (await fetch(`http://127.0.0.1:${debugPort}/json/list`)).json();
      const page = targets.find(t => t.type === 'page');
      if (page) return page.webSocketDebuggerUrl;
    } catch {
      // not listening yet
    }
    if (browser.exitCode !== null) throw new Error(`chromium exited (${browser.exitCode}): ${browserErrors.slice(-2000)}`);
    await sleep(200);
  }
  throw new Error(`chromium did not open its DevTools port ${debugPort} in 20 s: ${browserErrors.slice(-2000)}`);
}

const socket = new WebSocket(await pageSocketUrl(), { maxPayload: 256 * 1024 * 1024 });
await new Promise((resolve, reject) => {
  socket.once('open', resolve);
  socket.once('error', reject);
});
let nextId = 1;
const pending = new Map();
const consoleLines = [];
let pausedFrames = null;
socket.on('message', raw => {
  const message = JSON.parse(raw.toString());
  if (message.id && pending.has(message.id)) {
    const { resolve, reject } = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) reject(new Error(`${message.error.message} ${message.error.data ?? ''}`));
    else resolve(message.result);
    return;
  }
  const p = message.params;
  if (message.method === 'Runtime.consoleAPICalled' && ['error', 'warning', 'assert'].includes(p.type)) {
    const text = p.args.map(a => a.value ?? a.description ?? a.type).join(' ');
    consoleLines.push(`console.${p.type}: ${text}`.slice(0, 1200));
  } else if (message.method === 'Runtime.exceptionThrown') {
    const d = p.exceptionDetails;
    consoleLines.push(`exception: ${d.exception?.description ?? d.text}`.slice(0, 1500));
  } else if (message.method === 'Debugger.paused') {
    pausedFrames = p.callFrames;
  } else if (message.method === 'Log.entryAdded' && ['error', 'warning'].includes(p.entry.level)) {
    consoleLines.push(`log.${p.entry.level}: ${p.entry.text} ${p.entry.url ?? ''}`.slice(0, 1200));
  }
});
function send(method, params = {}, timeout = 60000) {
  const timeoutMs = timeout * patience;
  const id = nextId++;
  socket.send(JSON.stringify({ id, method, params }));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`${method} did not answer in ${timeoutMs / 1000} s`));
    }, timeoutMs);
    pending.set(id, {
      resolve: v => (clearTimeout(timer), resolve(v)),
      reject: e => (clearTimeout(timer), reject(e)),
    });
  });
}

/** Runs an async function body in the page and returns its JSON value; when the page does not answer, logs where it hangs. */
async function run(body, timeoutMs = 60000) {
  let result;
  try {
    result = await send('Runtime.evaluate', { expression: `(async () => { ${body} })()`, awaitPromise: true, returnByValue: true }, timeoutMs);
  } catch (error) {
    await logWhereThePageHangs();
    throw error;
  }
  if (result.exceptionDetails) throw new Error(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text);
  return result.result.value;
}

/**
 * A page that does not answer is busy in a script: pause it (V8 interrupts even a tight loop), log the call stack with
 * the source around each frame of the bundle, and let it run on.
 */
async function logWhereThePageHangs() {
  try {
    pausedFrames = null;
    // Debugger.pause interrupts a busy page; Debugger.enable would wait for it, so it is sent at the start.
    await send('Debugger.pause', {}, 10000);
    for (let i = 0; i < 50 && !pausedFrames; i++) await sleep(100);
    if (!pausedFrames) {
      log('  the page did not pause within 5 s (busy outside JavaScript: layout, WebGL or the GPU process)');
      return;
    }
    log(`  the page is busy in JavaScript; call stack (${pausedFrames.length} frames):`);
    const sources = new Map();
    for (const frame of pausedFrames.slice(0, 25)) {
      const { scriptId, lineNumber, columnNumber } = frame.location;
      if (!sources.has(scriptId)) {
        try {
          sources.set(scriptId, (await send('Debugger.getScriptSource', { scriptId }, 10000)).scriptSource.split('\n'));
        } catch {
          sources.set(scriptId, []);
        }
      }
      const line = sources.get(scriptId)[lineNumber] ?? '';
      const excerpt = line.slice(Math.max(0, columnNumber - 150), columnNumber + 150).replace(/\s+/g, ' ');
      log(`    ${frame.functionName || '(anonymous)'} ${path.basename(frame.url || scriptId)}:${lineNumber + 1}:${columnNumber + 1}  …${excerpt}…`);
    }
  } catch (error) {
    log(`  could not pause the page: ${error.message}`);
  } finally {
    pausedFrames = null;
    try {
      await send('Debugger.resume', {}, 10000);
    } catch {
      // the page is gone or was not paused
    }
  }
}

async function waitFor(description, predicate, timeout = 90000) {
  const timeoutMs = timeout * patience;
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      if (await run(`return Boolean(${predicate});`)) return true;
    } catch {
      // page still loading
    }
    await sleep(500);
  }
  log(`timed out after ${timeoutMs / 1000} s waiting for ${description}`);
  return false;
}

let shots = 0;
let unresponsive = 0;
async function screenshot(name, what) {
  await sleep(1500);
  try {
    const { data } = await send('Page.captureScreenshot', { format: 'png' }, 120000);
    const file = path.join(out, name);
    fs.writeFileSync(file, Buffer.from(data, 'base64'));
    shots++;
    log(`screenshot ${file}: ${what}`);
  } catch (error) {
    // A page that does not paint for two minutes is stuck (or the machine is overloaded): say so and go on.
    unresponsive++;
    log(`NO screenshot ${name} (${what}): ${error.message} — the page did not paint`);
  }
}

function flushConsole(step) {
  if (!consoleLines.length) return;
  log(`browser console during ${step} (${consoleLines.length} lines):`);
  // The same message for every image comes once, with a count; URLs lose their UIDs so that they group.
  const counts = new Map();
  for (const line of consoleLines.splice(0)) {
    const key = line.replace(/(studies|series|instances)\/[0-9.]+/g, '$1/…');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [line, n] of counts) console.log(`    ${n > 1 ? `${n}× ` : ''}${line.replace(/\n/g, '\n      ')}`);
}

// ------------------------------------------------------------------------------------------- the viewer session

await send('Runtime.enable');
await send('Log.enable');
await send('Page.enable');
await send('Debugger.enable');
await send('Emulation.setDeviceMetricsOverride', { width: 1600, height: 1000, deviceScaleFactor: 1, mobile: false });

const viewerUrl = `${base}/viewer?StudyInstanceUIDs=${encodeURIComponent(study)}`;
// The first-visit tour of OHIF covers the viewport: skip it.
const skipTour = () => run(`for (const b of document.querySelectorAll('button, a, span')) if (/^\\s*Skip all\\s*$/.test(b.textContent)) b.click(); return true;`);
log(`opening ${viewerUrl}`);
await send('Page.navigate', { url: viewerUrl });
const ready = await waitFor('OHIF to list the display sets and render a viewport', `window.services?.displaySetService?.getActiveDisplaySets?.().length > 0 && document.querySelector('canvas')`, 120000);
if (!ready) {
  await screenshot('ohif-failed-to-open.png', 'the viewer did not open');
  flushConsole('opening');
  process.exit(1);
}
await sleep(6000);
await skipTour();
flushConsole('opening');

const DESCRIBE = `
  const { displaySetService } = window.services;
  return displaySetService.getActiveDisplaySets().map(ds => ({
    uid: ds.displaySetInstanceUID, series: ds.SeriesInstanceUID, modality: ds.Modality, description: ds.SeriesDescription, number: ds.SeriesNumber,
    sopClass: ds.SOPClassUID, images: ds.images?.length ?? ds.instances?.length ?? 0,
    referenced: ds.referencedDisplaySetInstanceUID ?? null, unsupported: Boolean(ds.unsupported),
  }));`;
const displaySets = await run(DESCRIBE);
log('display sets OHIF made:');
for (const ds of displaySets) log(`  ${ds.modality.padEnd(4)} #${ds.number} ${ds.description} (${ds.images} images)${ds.unsupported ? ' UNSUPPORTED' : ''}`);
const byUid = new Map(displaySets.map(ds => [ds.uid, ds]));
const slug = text => String(text ?? 'series').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
await screenshot('ohif-study.png', 'the study as OHIF hangs it');

// SEG overlays: hydrate each SEG onto its source series, centre on a metastasis (or the first segment).
async function showSeg(seg, pass) {
  const source = byUid.get(seg.referenced);
  // Named after the SEG (a series may have several: bones, lesions), prefixed by its source series.
  const name = `seg-${slug(source?.description)}--${slug(String(seg.description).replace(/^AI\s+|\s+of\s+.*$/gi, ''))}.png`;
  log(`SEG "${seg.description}" on "${source?.description ?? '?'}"${pass > 1 ? ' (second pass)' : ''}`);
  let state;
  try {
    state = await run(
      `
      const { displaySetService, viewportGridService, segmentationService, panelService } = window.services;
      const displaySet = displaySetService.getDisplaySetByUID(${JSON.stringify(seg.uid)});
      const viewportId = viewportGridService.getActiveViewportId();
      // What the SEG viewport does: load the SEG (the adapter parses it into labelmaps), then hydrate it onto the source.
      let loadError = '';
      try { await displaySet.load({ headers: {} }); } catch (e) { loadError = String(e?.stack ?? e); }
      if (loadError) return { error: 'SEG load failed', loadError };
      await window.commandsManager.runCommand('hydrateSecondaryDisplaySet', { displaySet, viewportId });
      for (let i = 0; i < 120 && !segmentationService.getSegmentation(displaySet.displaySetInstanceUID); i++) await new Promise(r => setTimeout(r, 500));
      const segmentation = segmentationService.getSegmentation(displaySet.displaySetInstanceUID);
      if (!segmentation) return { error: 'no segmentation after 60 s', loadError: String(displaySet.loadError ?? '') };
      await new Promise(r => setTimeout(r, 2000));
      const segments = Object.values(segmentation.segments).filter(Boolean).map(s => ({ index: s.segmentIndex, label: s.label }));
      const target = segments.find(s => /metasta/i.test(s.label)) ?? segments.find(s => /lymph/i.test(s.label)) ?? segments.find(s => /acetabulum/i.test(s.label)) ?? segments[0];
      const viewportIdNow = viewportGridService.getActiveViewportId();
      // A series with several b-values opens as a dynamic volume, one dimension group per b-value: show the group
      // whose images the SEG was made on.
      let group = '';
      try {
        const viewport = window.cornerstone.getEnabledElementByViewportId(viewportIdNow)?.viewport;
        const volume = viewport?.getVolumeId ? window.cornerstone.cache.getVolume(viewport.getVolumeId()) : undefined;
        if (volume?.numDimensionGroups > 1) {
          const referenced = new Set((displaySet.referencedImageIds ?? []).map(id => id.split('/instances/')[1]?.split('/')[0]));
          const sopOf = id => id.split('/instances/')[1]?.split('/')[0];
          const segSops = new Set((displaySet.instance?.PerFrameFunctionalGroupsSequence ?? []).map(g => (g.DerivationImageSequence?.[0] ?? g.DerivationImageSequence)?.SourceImageSequence?.[0]?.ReferencedSOPInstanceUID ?? (g.DerivationImageSequence?.[0] ?? g.DerivationImageSequence)?.SourceImageSequence?.ReferencedSOPInstanceUID));
          for (let n = 1; n <= volume.numDimensionGroups; n++) {
            volume.dimensionGroupNumber = n;
            if (volume.getCurrentDimensionGroupImageIds().some(id => segSops.has(sopOf(id)))) { group = n + ' of ' + volume.numDimensionGroups + ' (' + volume.splittingTag + ')'; break; }
          }
          await new Promise(r => setTimeout(r, 3000));
        }
      } catch (e) { group = 'could not choose: ' + e.message; }
      if (target) segmentationService.jumpToSegmentCenter(displaySet.displaySetInstanceUID, target.index, viewportIdNow, 0.9, false);
      try { panelService.activatePanel('@ohif/extension-cornerstone.panelModule.panelSegmentation', true); } catch (e) { }
      await new Promise(r => setTimeout(r, 1500));
      let shown = segmentationService.getSegmentationRepresentations(viewportIdNow) ?? [];
      let retried = false;
      if (!shown.length) {
        // The first hydration can race the viewport being rebuilt for the source series: hydrate once more.
        retried = true;
        await window.commandsManager.runCommand('hydrateSecondaryDisplaySet', { displaySet, viewportId: viewportIdNow });
        await new Promise(r => setTimeout(r, 3000));
        if (target) segmentationService.jumpToSegmentCenter(displaySet.displaySetInstanceUID, target.index, viewportIdNow, 0.9, false);
        await new Promise(r => setTimeout(r, 1500));
        shown = segmentationService.getSegmentationRepresentations(viewportIdNow) ?? [];
      }
      const viewportType = window.cornerstone.getEnabledElementByViewportId(viewportIdNow)?.viewport?.type;
      // The segment statistics OHIF shows in its segmentation panel (Volume in mm³, Voxel Count): OHIF computes them
      // itself (updateSegmentationStats after SEGMENTATION_DATA_MODIFIED); wait for them, else ask Cornerstone3D's
      // getStatistics, the function OHIF calls, directly.
      const statsOf = () => Object.values(segmentationService.getSegmentation(displaySet.displaySetInstanceUID)?.segments ?? {})
        .filter(s => s?.cachedStats?.namedStats?.volume)
        .map(s => ({ index: s.segmentIndex, label: s.label, volume: s.cachedStats.namedStats.volume.value, unit: s.cachedStats.namedStats.volume.unit, count: s.cachedStats.namedStats.count?.value }));
      let stats = statsOf();
      let statsBy = 'OHIF (segmentation panel)';
      for (let i = 0; i < ${20 * patience} && !stats.length; i++) { await new Promise(r => setTimeout(r, 1000)); stats = statsOf(); }
      if (!stats.length) statsBy = 'OHIF (segmentation panel): none after ${20 * patience} s';
      // The same function called again once the overlay is drawn: OHIF's panel keeps what it computed when the data
      // was first modified.
      let statsNow = [];
      let statsNowBy = 'cornerstoneTools.utilities.segmentation.getStatistics, called by the script';
      try {
        const indices = segments.map(s => s.index);
        const computed = await window.cornerstoneTools.utilities.segmentation.getStatistics({ segmentationId: displaySet.displaySetInstanceUID, segmentIndices: indices, mode: 'individual' });
        statsNow = Object.entries(computed ?? {}).map(([index, st]) => ({ index: Number(index), label: segments.find(s => s.index === Number(index))?.label, volume: st?.volume?.value, unit: st?.volume?.unit, count: st?.count?.value }));
      } catch (e) { statsNowBy += ' failed: ' + e.message; }
      // Where the labelmap volume OHIF renders holds the centred segment: its grid and the patient z of each of its
      // slices with voxels of that segment, beside the viewport's image volume (a series of several b-values opens as
      // a dynamic volume of one b-value's images).
      let labelmap = null;
      try {
        const data = window.cornerstoneTools.segmentation.state.getSegmentation(displaySet.displaySetInstanceUID)?.representationData?.Labelmap;
        const layers = Array.isArray(data?.labelmaps) ? data.labelmaps : Object.values(data?.labelmaps ?? {});
        const volumeId = data?.volumeId ?? layers.find(l => l?.volumeId)?.volumeId;
        const volume = volumeId ? window.cornerstone.cache.getVolume(volumeId) : undefined;
        const viewport = window.cornerstone.getEnabledElementByViewportId(viewportIdNow)?.viewport;
        const reference = viewport?.getVolumeId ? window.cornerstone.cache.getVolume(viewport.getVolumeId()) : undefined;
        const grid = v => v ? { dimensions: [...v.dimensions], spacing: [...v.spacing].map(x => Math.round(x * 1000) / 1000), origin: [...v.origin].map(x => Math.round(x * 100) / 100), images: v.imageIds?.length } : null;
        labelmap = { layers: layers.map(l => ({ id: l?.labelmapId, storage: l?.storageKind, volumeId: Boolean(l?.volumeId), images: l?.imageIds?.length })), layerImages: data?.imageIds?.length, volume: grid(volume), reference: grid(reference) };
        if (volume && target) {
          const scalars = volume.voxelManager.getCompleteScalarDataArray();
          const [nx, ny, nz] = volume.dimensions;
          const slices = [];
          for (let k = 0; k < nz; k++) {
            let n = 0;
            for (let p = k * nx * ny; p < (k + 1) * nx * ny; p++) if (scalars[p] === target.index) n++;
            if (n) slices.push('z ' + (volume.origin[2] + k * volume.spacing[2] * volume.direction[8]).toFixed(2) + ': ' + n);
          }
          labelmap.target = slices;
        }
      } catch (e) { labelmap = { error: e.message }; }
      return { segments, target, group, representations: shown.length, viewportType, retried, stats, statsBy, statsNow, statsNowBy, labelmap };`,
      180000
    );
  } catch (error) {
    state = { error: error.message };
  }
  if (state.error) log(`  SEG did not load: ${state.error} ${state.loadError ?? ''}`);
  else {
    log(`  ${state.segments.length} segments in OHIF: ${state.segments.map(s => `${s.index} ${s.label}`).join('; ')}`);
    log(`  centred on segment ${state.target?.index} ${state.target?.label}${state.group ? `; dimension group ${state.group}` : ''}`);
    log(`  ${state.viewportType} viewport with ${state.representations} segmentation representation(s)${state.retried ? ' after a second hydration' : ''}${state.representations ? '' : ': the overlay is NOT drawn'}`);
    log(`  labelmap OHIF renders: ${JSON.stringify(state.labelmap)}`);
    const volumes = list => list.map(s => `${s.index} ${s.label}: ${typeof s.volume === 'number' ? s.volume.toFixed(1) : s.volume} ${s.unit ?? ''} (${s.count} voxels)`).join('; ');
    if (state.stats.length) log(`  segment volumes, ${state.statsBy}: ${volumes(state.stats)}`);
    else log(`  segment volumes, ${state.statsBy}`);
    log(`  segment volumes, ${state.statsNowBy}: ${volumes(state.statsNow)}`);
  }
  await screenshot(name, `SEG overlay "${seg.description}" on "${source?.description ?? '?'}"`);
  flushConsole(`SEG ${seg.description}`);
  return !state.error && state.representations > 0;
}

// The first hydration on a series that opens as a dynamic volume can leave the overlay undrawn (OHIF rebuilds the
// viewport); such SEGs get a second pass once the others are shown, and the log says which passes drew what.
const undrawn = [];
for (const seg of displaySets.filter(ds => ds.modality === 'SEG' && steps.has('seg'))) if (!(await showSeg(seg, 1))) undrawn.push(seg);
for (const seg of undrawn) await showSeg(seg, 2);

// The SR: first as OHIF opens it (the SR viewport), then hydrated into the measurement panel.
for (const sr of displaySets.filter(ds => ds.modality === 'SR' && steps.has('sr'))) {
  log(`SR "${sr.description}"`);
  let state;
  try {
    state = await run(
      `
      const { displaySetService, viewportGridService } = window.services;
      const displaySet = displaySetService.getDisplaySetByUID(${JSON.stringify(sr.uid)});
      const viewportId = viewportGridService.getActiveViewportId();
      viewportGridService.setDisplaySetsForViewport({ viewportId, displaySetInstanceUIDs: [displaySet.displaySetInstanceUID] });
      let loadError = '';
      try { await displaySet.load?.(); } catch (e) { loadError = String(e?.stack ?? e); }
      await new Promise(r => setTimeout(r, 4000));
      return { loadError, measurements: (displaySet.measurements ?? []).length, loaded: (displaySet.measurements ?? []).filter(m => m.loaded).length, rehydratable: Boolean(displaySet.isRehydratable) };`,
      120000
    );
  } catch (error) {
    state = { loadError: error.message };
  }
  log(`  SR display set: ${state.measurements ?? 0} measurements read, ${state.loaded ?? 0} placed on an image, rehydratable=${state.rehydratable}${state.loadError ? `; load failed: ${state.loadError.split('\n')[0]}` : ''}`);
  await screenshot('sr-viewport.png', `SR "${sr.description}" opened in its viewport`);
  flushConsole(`SR ${sr.description} (open)`);

  // The SR viewport steps through the measurements with the arrows of its action bar, one measurement per click once
  // the last one is shown (a click before that steps from the stale one): the first metastasis, then the first node.
  try {
    const names = await run(
      `const ds = window.services.displaySetService.getDisplaySetByUID(${JSON.stringify(sr.uid)});
      return (ds.measurements ?? []).map(m => String(m.TrackingIdentifier ?? m.label ?? ''));`
    );
    log(`  measurements in the SR viewport's order: ${names.join('; ')}`);
    const shown = index => `(() => {
      const { viewportGridService, cornerstoneViewportService, displaySetService } = window.services;
      const ds = displaySetService.getDisplaySetByUID(${JSON.stringify(sr.uid)});
      const viewport = cornerstoneViewportService.getCornerstoneViewport(viewportGridService.getActiveViewportId());
      return viewport?.getCurrentImageId?.() === ds.measurements[${index}].imageId;
    })()`;
    const shot = async index => {
      if (!(await waitFor(`the SR viewport to show "${names[index]}"`, shown(index), 30000))) return;
      await sleep(3000);
      await screenshot(`sr-viewport-${slug(names[index])}.png`, `SR "${sr.description}", measurement ${index + 1} "${names[index]}"`);
    };
    await shot(0);
    const target = names.findIndex(name => /lymph node/i.test(name));
    for (let step = 1; step <= target; step++) {
      const clicked = await run(
        `const arrow = document.querySelector('[data-cy="viewport-action-arrows-right"] svg');
        arrow?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        return Boolean(arrow);`
      );
      if (!clicked) throw new Error('the SR viewport shows no measurement arrows');
      if (step < target && !(await waitFor(`the SR viewport to step to "${names[step]}"`, shown(step), 30000))) {
        const where = await run(
          `const { viewportGridService, cornerstoneViewportService, displaySetService } = window.services;
          const ds = displaySetService.getDisplaySetByUID(${JSON.stringify(sr.uid)});
          const viewport = cornerstoneViewportService.getCornerstoneViewport(viewportGridService.getActiveViewportId());
          return { shown: String(viewport?.getCurrentImageId?.() ?? 'none'), wanted: String(ds.measurements[${step}].imageId) };`
        );
        log(`  the viewport shows ${where.shown.split('/instances/')[1] ?? where.shown}, measurement ${step + 1} is on ${where.wanted.split('/instances/')[1] ?? where.wanted}`);
        await screenshot(`sr-viewport-step-${step + 1}.png`, `SR "${sr.description}" after ${step} clicks`);
        break;
      }
    }
    if (target > 0) await shot(target);
    flushConsole(`SR ${sr.description} (step)`);
  } catch (error) {
    log(`  stepping through the SR's measurements failed: ${error.message.split('\n')[0]}`);
  }

  try {
    state = await run(
      `
      const { displaySetService, viewportGridService, measurementService, panelService } = window.services;
      const displaySet = displaySetService.getDisplaySetByUID(${JSON.stringify(sr.uid)});
      const viewportId = viewportGridService.getActiveViewportId();
      let hydrateError = '';
      try { await window.commandsManager.runCommand('hydrateSecondaryDisplaySet', { displaySet, viewportId }); } catch (e) { hydrateError = String(e?.stack ?? e); }
      await new Promise(r => setTimeout(r, 3000));
      const measurements = measurementService.getMeasurements();
      try { panelService.activatePanel('@ohif/extension-measurement-tracking.panelModule.trackedMeasurements', true); } catch (e) { }
      const first = measurements.find(m => /metasta/i.test(m.label ?? '')) ?? measurements[0];
      if (first) { try { window.commandsManager.runCommand('jumpToMeasurement', { uid: first.uid }); } catch (e) { } }
      return { hydrateError, measurements: measurements.map(m => ({ label: m.label, toolName: m.toolName, text: (m.displayText?.primary ?? []).join(' ') })) };`,
      120000
    );
  } catch (error) {
    state = { hydrateError: error.message, measurements: [] };
  }
  if (state.hydrateError) log(`  hydration failed: ${state.hydrateError.split('\n')[0]}`);
  log(`  measurement service holds ${state.measurements.length} measurements`);
  for (const m of state.measurements) log(`    ${m.toolName}: ${m.label} ${m.text}`);
  await screenshot('sr-measurements.png', `SR "${sr.description}" hydrated, measurements panel`);
  flushConsole(`SR ${sr.description} (hydrate)`);
}

// Key images (secondary capture) and an encapsulated PDF, when the node sent them. Cornerstone draws an RGB image with
// a shader that the software WebGL of a headless Chromium cannot compile ("Error compiling volume mapper shader
// program": the viewport stays black), so each is shown in a page opened again with cornerstone's CPU rendering
// (OHIF's ?viewportRendering=cpu, for stack viewports only) and hung first (?initialSeriesInstanceUID=): the study's
// first viewport would otherwise be a series that opens as a volume, which CPU rendering refuses.
for (const ds of displaySets.filter(d => steps.has('other')).filter(d => ['OT', 'SC', 'DOC'].includes(d.modality) || String(d.sopClass).startsWith('1.2.840.10008.5.1.4.1.1.7') || d.sopClass === '1.2.840.10008.5.1.4.1.1.104.1')) {
  const isPdf = ds.modality === 'DOC' || ds.sopClass === '1.2.840.10008.5.1.4.1.1.104.1';
  const name = isPdf ? `pdf-${slug(ds.description)}.png` : `key-images-${slug(ds.description)}.png`;
  const url = `${viewerUrl}&viewportRendering=cpu&initialSeriesInstanceUID=${encodeURIComponent(ds.series)}`;
  log(`${isPdf ? 'PDF' : 'key images'} "${ds.description}": opening ${url}`);
  await send('Page.navigate', { url });
  if (await waitFor(`OHIF (CPU rendering) to show "${ds.description}"`, `window.services?.displaySetService?.getActiveDisplaySets?.().length > 0 && document.querySelector('canvas')`, 120000)) {
    await sleep(8000);
    await skipTour();
    // The CPU canvas is sized before OHIF's layout settles, and an image that arrives later keeps the first camera:
    // once the viewport holds its image, size the canvas again and fit the image to it (twice, a little apart).
    const fitted = await run(`
      const viewports = () => window.cornerstone.getRenderingEngines().flatMap(e => e.getViewports());
      for (let i = 0; i < 60 && !viewports().some(v => v.getImageData?.()); i++) await new Promise(r => setTimeout(r, 1000));
      for (let pass = 0; pass < 2; pass++) {
        for (const engine of window.cornerstone.getRenderingEngines()) {
          engine.resize(true, true);
          for (const viewport of engine.getViewports()) { viewport.resetCamera?.(); viewport.render(); }
        }
        await new Promise(r => setTimeout(r, 2000));
      }
      return viewports().some(v => v.getImageData?.());`, 120000);
    if (!fitted) log('  the viewport holds no image after 60 s');
    await sleep(2000);
  }

  await screenshot(name, `${isPdf ? 'encapsulated PDF' : 'key images'} "${ds.description}"`);
  flushConsole(ds.description);
}

log(`${shots} screenshots in ${out}${unresponsive ? `; ${unresponsive} not taken because the page stopped painting` : ''}`);
flushConsole('the end');
socket.close();
stopBrowser();
process.exit(unresponsive ? 1 : 0);
