// A same-origin web server for the OHIF build: static files from its dist folder (unknown paths fall back to
// index.html, the app's own router takes them), app-config.js from the file given, and /dicom-web/ proxied to
// Orthanc's DICOMweb root. Cross-origin isolation headers on, as OHIF asks for (SharedArrayBuffer).
//
//   node serve.mjs --dist DIR --config APP-CONFIG.js --port 3000 --orthanc http://127.0.0.1:8042
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const option = name => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const dist = path.resolve(option('--dist') ?? '');
const configFile = option('--config');
const port = Number(option('--port') ?? 3000);
const orthanc = new URL(option('--orthanc') ?? 'http://127.0.0.1:8042');
if (!fs.existsSync(path.join(dist, 'index.html')) || !configFile) {
  console.error('usage: node serve.mjs --dist OHIF_DIST --config APP-CONFIG.js [--port 3000] [--orthanc URL]');
  process.exit(2);
}

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.jsonc': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function proxy(request, response) {
  const upstream = http.request(
    { host: orthanc.hostname, port: orthanc.port, method: request.method, path: request.url, headers: { ...request.headers, host: orthanc.host } },
    reply => {
      response.writeHead(reply.statusCode ?? 502, { ...reply.headers, ...isolation });
      reply.pipe(response);
    }
  );
  upstream.on('error', error => {
    response.writeHead(502, { 'Content-Type': 'text/plain' });
    response.end(`Orthanc at ${orthanc.href} did not answer: ${error.message}`);
  });
  request.pipe(upstream);
}

function serveFile(request, response) {
  const url = new URL(request.url, 'http://localhost');
  if (url.pathname === '/app-config.js') {
    response.writeHead(200, { 'Content-Type': types['.js'], 'Cache-Control': 'no-store', ...isolation });
    response.end(fs.readFileSync(configFile));
    return;
  }
  let file = path.join(dist, decodeURIComponent(url.pathname));
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dist, 'index.html');
  response.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream', ...isolation });
  fs.createReadStream(file).pipe(response);
}

http
  .createServer((request, response) => (request.url.startsWith('/dicom-web/') || request.url.startsWith('/wado') ? proxy(request, response) : serveFile(request, response)))
  .listen(port, '127.0.0.1', () => console.log(`serving ${dist} on http://127.0.0.1:${port}/, /dicom-web/ → ${orthanc.href}`));
