// readalong_browser.js: opens a read-along page in headless Chromium (driven
// over the DevTools protocol on a pipe) and checks that it follows the audio.
// Usage: node readalong_browser.js CHROMIUM PAGE.html ARTIFACT_DIR [AXE.js]
// Exits 0 when every check passes, 1 with the reasons otherwise.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [chromium, page, artifacts, axePath] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Chromium reads protocol messages on fd 3 and writes them on fd 4, each
// ended by a NUL byte.
function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'readalong-chromium-'));
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${profile}`, '--autoplay-policy=no-user-gesture-required', '--mute-audio',
    '--window-size=1000,900', '--remote-debugging-pipe', 'about:blank'];
  const child = spawn(chromium, flags, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdio[2].on('data', (chunk) => { stderr += chunk; });
  const pending = new Map();
  const listeners = [];
  let nextId = 1;
  let buffered = Buffer.alloc(0);
  child.stdio[4].on('data', (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    let end;
    while ((end = buffered.indexOf(0)) >= 0) {
      const message = JSON.parse(buffered.subarray(0, end).toString('utf8'));
      buffered = buffered.subarray(end + 1);
      if (message.id && pending.has(message.id)) {
        const { resolve, reject, method } = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      } else if (message.method) {
        listeners.forEach((listener) => listener(message));
      }
    }
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject, method });
    child.stdio[3].write(JSON.stringify({ id, method, params, sessionId }) + '\0');
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const close = async () => {
    send('Browser.close').catch(() => {});
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  };
  return { send, listeners, close, stderr: () => stderr };
}

async function main() {
  const browser = launch();
  const errors = [];
  try {
    const { targetInfos } = await browser.send('Target.getTargets');
    const target = targetInfos.find((info) => info.type === 'page');
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId: target.targetId, flatten: true });
    const send = (method, params) => browser.send(method, params, sessionId);
    let loaded = null;
    browser.listeners.push((message) => {
      if (message.method === 'Runtime.exceptionThrown')
        errors.push(message.params.exceptionDetails.exception?.description || message.params.exceptionDetails.text);
      else if (message.method === 'Runtime.consoleAPICalled' && message.params.type === 'error')
        errors.push(message.params.args.map((arg) => arg.value ?? arg.description).join(' '));
      else if (message.method === 'Log.entryAdded' && message.params.entry.level === 'error')
        errors.push(message.params.entry.text);
      else if (message.method === 'Page.loadEventFired' && loaded) loaded();
    });
    const evaluate = async (expression) => {
      const { result, exceptionDetails } = await send('Runtime.evaluate',
        { expression, returnByValue: true, awaitPromise: true });
      if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.exception?.description}`);
      return result.value;
    };
    const press = async (key, code, keyCode) => {
      await send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, text: key, windowsVirtualKeyCode: keyCode });
      await send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: keyCode });
    };
    const screenshot = async (name) => {
      const { data } = await send('Page.captureScreenshot', { format: 'png' });
      fs.writeFileSync(path.join(artifacts, name), Buffer.from(data, 'base64'));
    };
    const navigate = async (url) => {
      const done = new Promise((resolve) => { loaded = resolve; });
      await send('Page.navigate', { url });
      await done;
    };
    await Promise.all(['Runtime.enable', 'Log.enable', 'Page.enable'].map((method) => send(method)));
    await navigate('file://' + path.resolve(page));

    // What the page's script sees: the current word and turn, as indexes.
    const state = `(() => {
      const words = [...document.querySelectorAll('.w')], turns = [...document.querySelectorAll('.turn')];
      const word = document.querySelector('.w.now'), turn = document.querySelector('.turn[aria-current]');
      const audio = document.getElementById('audio');
      return { word: words.indexOf(word), turn: turns.indexOf(turn),
               wordTurn: word ? turns.indexOf(word.closest('.turn')) : -1,
               time: audio.currentTime, paused: audio.paused, rate: audio.playbackRate,
               status: document.getElementById('status').textContent,
               turnStart: turn ? parseFloat(turn.dataset.start) : -1,
               words: words.length, turns: turns.length, error: audio.error && audio.error.message };
    })()`;
    let now = await evaluate(state);
    check(now.words > 20 && now.turns > 3, `page has ${now.turns} turns and ${now.words} timed words`);
    check(await evaluate(`!document.getElementById('controls').hidden`), 'script shows the controls');

    // Two samples a second apart, once the first speaker's turn has begun.
    await press(' ', 'Space', 32);
    const begun = Date.now();
    while ((now = await evaluate(state)).time < 2.5 && !now.error && Date.now() - begun < 8000)
      await sleep(100);
    const early = now;
    await sleep(1000);
    const later = await evaluate(state);
    console.log(`after space: ${JSON.stringify(early)}`);
    console.log(`1 s later:   ${JSON.stringify(later)}`);
    check(!later.paused && !later.error && later.time > early.time, `space starts playback (${early.time.toFixed(2)} s -> ${later.time.toFixed(2)} s)`);
    check(early.word >= 0 && later.word > early.word, `highlighted word advances (${early.word} -> ${later.word})`);
    check(later.turn >= 0 && later.status.length > 0, `current turn ${later.turn} announced: "${later.status}"`);

    await press('j', 'KeyJ', 74);
    now = await evaluate(state);
    check(now.turn === later.turn + 1, `j moves the highlight to the next turn (${later.turn} -> ${now.turn})`);
    check(Math.abs(now.time - now.turnStart) < 0.3, `j seeks to the turn's start (${now.time.toFixed(2)} s, turn at ${now.turnStart.toFixed(2)} s)`);
    await sleep(700);
    now = await evaluate(state);
    check(now.word >= 0 && now.wordTurn === now.turn, `a word of turn ${now.turn} is highlighted after j (word ${now.word})`);
    await screenshot('readalong.png');

    await press('k', 'KeyK', 75);
    const back = await evaluate(state);
    check(back.turn === now.turn - 1, `k moves back a turn (${now.turn} -> ${back.turn})`);
    await press(']', 'BracketRight', 221);
    check((await evaluate(state)).rate === 1.1, '] speeds up to 1.1');
    await press('[', 'BracketLeft', 219);
    await press('[', 'BracketLeft', 219);
    check((await evaluate(state)).rate === 0.9, '[ slows down to 0.9');

    // Clicking a word of the last turn seeks to it.
    const clicked = await evaluate(`(() => {
      const word = [...document.querySelectorAll('.turn')].pop().querySelector('.w:nth-of-type(2)');
      word.scrollIntoView({ block: 'center' });
      const box = word.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2, start: parseFloat(word.dataset.start) };
    })()`);
    for (const type of ['mousePressed', 'mouseReleased'])
      await send('Input.dispatchMouseEvent', { type, x: clicked.x, y: clicked.y, button: 'left', clickCount: 1 });
    now = await evaluate(state);
    check(Math.abs(now.time - clicked.start) < 0.05 && now.turn === now.turns - 1,
      `clicking a word seeks to it (${now.time.toFixed(3)} s, word at ${clicked.start.toFixed(3)} s)`);
    await evaluate(`document.getElementById('audio').pause()`);

    if (axePath) {
      await evaluate(fs.readFileSync(axePath, 'utf8') + '\n;true');
      const axeVersion = await evaluate('axe.version');
      for (const scheme of ['light', 'dark']) {
        await send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }] });
        const { passed, violations } = await evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => ({
          passed: r.passes.length,
          violations: r.violations.map((v) => v.id + ' (' + v.impact + '): ' +
            v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')) }))`);
        violations.forEach((violation) => console.log(`  axe ${scheme}: ${violation}`));
        check(passed > 10 && violations.length === 0,
          `axe-core ${axeVersion}: ${passed} rules pass, ${violations.length} violations in the ${scheme} scheme`);
        if (scheme === 'dark') await screenshot('readalong-dark.png');
      }
    }

    // Without JavaScript: the transcript and a plain audio player remain.
    const errorsBefore = errors.length;
    await send('Emulation.setScriptExecutionDisabled', { value: true });
    await navigate('file://' + path.resolve(page));
    const { root } = await send('DOM.getDocument', {});
    const count = async (selector) => (await send('DOM.querySelectorAll', { nodeId: root.nodeId, selector })).nodeIds.length;
    check(await count('audio[controls]') === 1 && await count('.turn') === now.turns &&
          await count('#controls[hidden]') === 1, 'without JavaScript: transcript, audio controls, no dead buttons');
    errors.splice(errorsBefore);
  } finally {
    await browser.close();
  }
  errors.forEach((error) => console.log(`  console: ${error}`));
  check(errors.length === 0, `no console errors (${errors.length})`);
}

main().then(() => {
  process.exit(failures.length ? 1 : 0);
}, (error) => {
  console.log(`FAIL ${error.stack || error}`);
  process.exit(1);
});
