# Windows counterpart of fetch-onnxruntime.sh: npm pack onnxruntime-node (no scripts run) and
# unpack package/bin/napi-v6/<os>/<arch>/ into CACHE_DIR/<rid>/.
param(
  [Parameter(Mandatory = $true)][string]$Version,
  [Parameter(Mandatory = $true)][string]$CacheDir
)
$ErrorActionPreference = 'Stop'
$package = "onnxruntime-node@$Version"

function Fail([string]$message) {
  [Console]::Error.WriteLine("fetch-onnxruntime: $message")
  [Console]::Error.WriteLine("fetch-onnxruntime: alternatively set DICOMNODE_ONNXRUNTIME_PATH to an ONNX Runtime $Version shared library (onnxruntime.dll) and build again")
  exit 1
}

if (-not (Get-Command npm -ErrorAction SilentlyContinue)) { Fail "npm is not on PATH; it is needed once to download $package" }
if (-not (Get-Command tar -ErrorAction SilentlyContinue)) { Fail "tar is not on PATH" }

New-Item -ItemType Directory -Force -Path $CacheDir | Out-Null
$work = Join-Path $CacheDir (".fetch." + [Guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $work | Out-Null
try {
  Write-Host "fetch-onnxruntime: npm pack $package"
  Push-Location $work
  try { npm pack $package --ignore-scripts --silent | Out-Null } finally { Pop-Location }
  if ($LASTEXITCODE -ne 0) { Fail "npm pack $package failed (no network or no registry?)" }
  $tarball = Get-ChildItem -Path $work -Filter 'onnxruntime-node-*.tgz' | Select-Object -First 1
  if (-not $tarball) { Fail "npm pack produced no tarball" }
  tar -xzf $tarball.FullName -C $work package/bin/napi-v6
  if ($LASTEXITCODE -ne 0) { Fail "the tarball has no package/bin/napi-v6 folder" }

  $ridOs = @{ linux = 'linux'; win32 = 'win'; darwin = 'osx' }
  $found = $false
  foreach ($osDir in Get-ChildItem -Directory (Join-Path $work 'package/bin/napi-v6')) {
    if (-not $ridOs.ContainsKey($osDir.Name)) { continue }
    foreach ($archDir in Get-ChildItem -Directory $osDir.FullName) {
      $target = Join-Path $CacheDir ("{0}-{1}" -f $ridOs[$osDir.Name], $archDir.Name)
      if (Test-Path $target) { Remove-Item -Recurse -Force $target }
      New-Item -ItemType Directory -Path $target | Out-Null
      Get-ChildItem -File $archDir.FullName | Where-Object { $_.Extension -ne '.node' } | Copy-Item -Destination $target
      Write-Host "fetch-onnxruntime: $target"
      $found = $true
    }
  }
  if (-not $found) { Fail "no platform folders under package/bin/napi-v6" }
}
finally {
  Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
