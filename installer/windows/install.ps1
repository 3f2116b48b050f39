#Requires -Version 5.1
#Requires -RunAsAdministrator
<#
.SYNOPSIS
    Installs (or upgrades) DicomNode as a Windows service.

.DESCRIPTION
    Publishes the node from this source tree (or takes an already published folder with -From),
    copies it to -InstallDir, writes C:\ProgramData\DicomNode\appsettings.json if there is none,
    registers the service "DicomNode" running
        dicomnode.exe serve --config C:\ProgramData\DicomNode\appsettings.json
    under the virtual account NT SERVICE\DicomNode, with restart-on-failure recovery, and limits
    C:\ProgramData\DicomNode to that account, SYSTEM and Administrators.

    An existing appsettings.json is never overwritten: the new default is written beside it as
    appsettings.json.dist. Data and logs are kept on upgrade and on uninstall (unless -Purge there).

.EXAMPLE
    .\installer\windows\install.ps1
.EXAMPLE
    .\install.ps1 -From C:\Temp\dicomnode-publish -Port 104
#>
[CmdletBinding()]
param(
    # An already published folder (dicomnode.exe and its files); without it, dotnet publish runs.
    [string] $From,
    [string] $InstallDir = (Join-Path $env:ProgramFiles 'DicomNode'),
    [string] $DataRoot = (Join-Path $env:ProgramData 'DicomNode'),
    [string] $ServiceName = 'DicomNode',
    # Publish with its own .NET runtime (no .NET 10 runtime needed on the machine).
    [switch] $SelfContained,
    # The node's DICOM port: written as Node:Port into the configuration (a new one, or the site's when given
    # explicitly) and opened in Windows Firewall. Without it the configuration's Node:Port is opened.
    [int] $Port = 11112,
    [switch] $NoFirewallRule,
    # Start the service once installed.
    [switch] $Start
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$repo = Resolve-Path (Join-Path $PSScriptRoot '..\..')
$configPath = Join-Path $DataRoot 'appsettings.json'
$exe = Join-Path $InstallDir 'dicomnode.exe'
$account = "NT SERVICE\$ServiceName"
# Well-known SIDs, so that the ACLs do not depend on the language of Windows.
$systemSid = '*S-1-5-18'
$administratorsSid = '*S-1-5-32-544'

function Invoke-Native {
    param([string] $FilePath, [string[]] $Arguments)
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath $($Arguments -join ' ') failed with exit code $LASTEXITCODE"
    }
}

# 1. Publish into a staging folder.
$staging = Join-Path ([System.IO.Path]::GetTempPath()) ("dicomnode-publish-" + [guid]::NewGuid().ToString('N'))
if ($From) {
    if (-not (Test-Path (Join-Path $From 'dicomnode.exe'))) { throw "-From $From holds no dicomnode.exe" }
    Copy-Item -Path $From -Destination $staging -Recurse
}
else {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) { throw 'dotnet (the .NET 10 SDK) is needed to publish; or give -From' }
    $project = Join-Path $repo 'src\DicomNode.Service\DicomNode.Service.csproj'
    $publish = @('publish', $project, '-c', 'Release', '-o', $staging, '--nologo', '-v', 'quiet')
    if ($SelfContained) {
        $rid = if ($env:PROCESSOR_ARCHITECTURE -eq 'ARM64') { 'win-arm64' } else { 'win-x64' }
        $publish += @('-r', $rid, '--self-contained', 'true')
    }
    else {
        $publish += @('--self-contained', 'false')
    }
    Write-Host "publishing: dotnet $($publish -join ' ')"
    Invoke-Native 'dotnet' $publish
}
$stagedInstaller = Join-Path $staging 'installer\windows'
New-Item -ItemType Directory -Force -Path $stagedInstaller | Out-Null
Copy-Item (Join-Path $PSScriptRoot '*.ps1') $stagedInstaller
Copy-Item (Join-Path $PSScriptRoot '..\linux\appsettings.json') (Join-Path $staging 'installer\appsettings.default.json')
Copy-Item (Join-Path $PSScriptRoot '..\README.md') (Join-Path $staging 'installer\README.md') -ErrorAction SilentlyContinue

# 2. Put the new program beside the old one first (copy, not Move-Item: the temporary folder may be on
#    another volume), then stop a running node and swap the folders by renaming; the old folder is
#    deleted only once the new one is in place, and put back if the swap fails.
New-Item -ItemType Directory -Force -Path (Split-Path $InstallDir) | Out-Null
$incoming = "$InstallDir.new"
$previous = "$InstallDir.old"
foreach ($leftover in @($incoming, $previous)) { if (Test-Path $leftover) { Remove-Item -Recurse -Force $leftover } }
Copy-Item -Path $staging -Destination $incoming -Recurse
Remove-Item -Recurse -Force $staging
$existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($existing -and $existing.Status -ne 'Stopped') {
    Write-Host "stopping $ServiceName for the upgrade"
    Stop-Service -Name $ServiceName -Force
    $existing.WaitForStatus('Stopped', [TimeSpan]::FromSeconds(90))
}
if (Test-Path $InstallDir) { Rename-Item -Path $InstallDir -NewName (Split-Path $previous -Leaf) }
try {
    Rename-Item -Path $incoming -NewName (Split-Path $InstallDir -Leaf)
}
catch {
    if (Test-Path $previous) { Rename-Item -Path $previous -NewName (Split-Path $InstallDir -Leaf) }
    throw
}
if (Test-Path $previous) { Remove-Item -Recurse -Force $previous }
Write-Host "installed $InstallDir"

# dicomnode on PATH for the service engineer (machine PATH; new consoles see it).
$machinePath = [Environment]::GetEnvironmentVariable('Path', 'Machine')
if (-not (($machinePath -split ';') -contains $InstallDir)) {
    [Environment]::SetEnvironmentVariable('Path', ($machinePath.TrimEnd(';') + ';' + $InstallDir), 'Machine')
    Write-Host "added $InstallDir to the machine PATH"
}

# 3. Configuration, data and logs under ProgramData. The Linux default is the one source of the
#    keys; only the folders change.
foreach ($folder in @($DataRoot, (Join-Path $DataRoot 'data'), (Join-Path $DataRoot 'logs'))) {
    New-Item -ItemType Directory -Force -Path $folder | Out-Null
}
$default = Get-Content -Raw -Path (Join-Path $PSScriptRoot '..\linux\appsettings.json') | ConvertFrom-Json
$default.Node.DataDirectory = Join-Path $DataRoot 'data'
$default.Log.Directory = Join-Path $DataRoot 'logs'
$default.Node.Port = $Port
$defaultJson = $default | ConvertTo-Json -Depth 16
if (Test-Path $configPath) {
    Set-Content -Path "$configPath.dist" -Value $defaultJson -Encoding UTF8
    Write-Host "kept $configPath; the new default is beside it as appsettings.json.dist"
    $site = Get-Content -Raw -Path $configPath | ConvertFrom-Json
    if ($PSBoundParameters.ContainsKey('Port')) {
        # Asked for explicitly: the site's file gets the port too (a copy of it before the change is kept).
        if (-not ($site.PSObject.Properties.Name -contains 'Node')) { $site | Add-Member -NotePropertyName Node -NotePropertyValue ([pscustomobject]@{}) }
        $site.Node | Add-Member -NotePropertyName Port -NotePropertyValue $Port -Force
        Copy-Item -Path $configPath -Destination "$configPath.bak" -Force
        Set-Content -Path $configPath -Value ($site | ConvertTo-Json -Depth 16) -Encoding UTF8
        Write-Host "set Node:Port to $Port in $configPath (the previous file is $configPath.bak)"
    }
    elseif ($site.PSObject.Properties.Name -contains 'Node' -and $site.Node.PSObject.Properties.Name -contains 'Port') {
        $Port = [int]$site.Node.Port
    }
}
else {
    Set-Content -Path $configPath -Value $defaultJson -Encoding UTF8
    Write-Host "wrote $configPath (Node:Port $Port)"
}

# 4. The service. New-Service registers it as LocalSystem; sc.exe then moves it to its virtual
#    account (no password; the account exists from this moment on).
$binaryPath = "`"$exe`" serve --config `"$configPath`""
if ($existing) {
    # Through WMI rather than sc.exe: Windows PowerShell 5.1 mangles the quotes inside a native
    # command's argument.
    $result = Get-CimInstance -ClassName Win32_Service -Filter "Name='$ServiceName'" |
        Invoke-CimMethod -MethodName Change -Arguments @{ PathName = $binaryPath }
    if ($result.ReturnValue -ne 0) { throw "Win32_Service.Change failed with $($result.ReturnValue)" }
}
else {
    New-Service -Name $ServiceName -BinaryPathName $binaryPath -DisplayName 'DicomNode DICOM AI node' `
        -Description 'Receives pelvic MR studies with C-STORE, segments them and sends back DICOM SEG and SR results.' `
        -StartupType Automatic | Out-Null
    Write-Host "registered service $ServiceName"
}
Invoke-Native 'sc.exe' @('config', $ServiceName, 'obj=', $account, 'start=', 'delayed-auto')
# Recovery: restart after 5 s, 5 s, then 60 s; the failure count resets after a day. failureflag 1
# also counts a stop with a non-zero exit code as a failure (the node exits 1 on a bad configuration).
Invoke-Native 'sc.exe' @('failure', $ServiceName, 'reset=', '86400', 'actions=', 'restart/5000/restart/5000/restart/60000')
Invoke-Native 'sc.exe' @('failureflag', $ServiceName, '1')

# 5. ACLs: ProgramData\DicomNode is readable only by SYSTEM, Administrators and the service; the
#    service may change data and logs but only read its configuration (the CLI, run as an
#    administrator, edits it).
Invoke-Native 'icacls.exe' @($DataRoot, '/inheritance:r', '/grant:r', "${systemSid}:(OI)(CI)F", "${administratorsSid}:(OI)(CI)F", "${account}:(OI)(CI)RX")
foreach ($folder in @((Join-Path $DataRoot 'data'), (Join-Path $DataRoot 'logs'))) {
    Invoke-Native 'icacls.exe' @($folder, '/grant:r', "${account}:(OI)(CI)M")
}
# The program folder stays as Program Files makes it: readable by all, writable by Administrators only.

# 6. Firewall: the DICOM port, for this program only.
if (-not $NoFirewallRule) {
    $ruleName = "$ServiceName DICOM"
    Get-NetFirewallRule -DisplayName $ruleName -ErrorAction SilentlyContinue | Remove-NetFirewallRule
    New-NetFirewallRule -DisplayName $ruleName -Direction Inbound -Protocol TCP -LocalPort $Port `
        -Program $exe -Action Allow -Profile Domain, Private | Out-Null
    Write-Host "firewall: inbound TCP $Port allowed for $exe (Domain and Private profiles)"
}

# The node must answer the service control manager for this to succeed: see "Running under the
# service control manager" in installer/README.md.
if ($Start) {
    Start-Service -Name $ServiceName
    Write-Host "$ServiceName started"
}

Write-Host @"

DicomNode is installed.
Next steps:
  1. Edit $configPath : Node:AeTitle, Node:Port, AcceptedCallers, Destinations, Routing.
  2. Start-Service $ServiceName      (or: sc.exe start $ServiceName)
  3. Get-Service $ServiceName; logs in $(Join-Path $DataRoot 'logs')
  4. Invoke-WebRequest http://localhost:8080/health   (Http:Port in the configuration)
  5. dicomnode echo <host> <port> --aec <AE>   (in a new console) to check that a destination answers.
"@
