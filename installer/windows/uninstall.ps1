#Requires -Version 5.1
#Requires -RunAsAdministrator
<#
.SYNOPSIS
    Removes the DicomNode Windows service and its program folder.

.DESCRIPTION
    Stops and deletes the service, its firewall rule and the program folder. The configuration,
    data (received studies, database, undelivered results) and logs under C:\ProgramData\DicomNode
    are kept unless -Purge is given.

.EXAMPLE
    & 'C:\Program Files\DicomNode\installer\windows\uninstall.ps1'
.EXAMPLE
    .\uninstall.ps1 -Purge
#>
[CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
param(
    [string] $InstallDir = (Join-Path $env:ProgramFiles 'DicomNode'),
    [string] $DataRoot = (Join-Path $env:ProgramData 'DicomNode'),
    [string] $ServiceName = 'DicomNode',
    # Also delete configuration, data and logs (asks first; -Confirm:$false to skip the question).
    [switch] $Purge
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
if ($service) {
    if ($service.Status -ne 'Stopped') {
        Stop-Service -Name $ServiceName -Force
        $service.WaitForStatus('Stopped', [TimeSpan]::FromSeconds(90))
    }
    & sc.exe delete $ServiceName | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "sc.exe delete $ServiceName failed with exit code $LASTEXITCODE" }
    Write-Host "removed service $ServiceName"
}

Get-NetFirewallRule -DisplayName "$ServiceName DICOM" -ErrorAction SilentlyContinue | Remove-NetFirewallRule

# This script may itself live in the program folder: PowerShell has read it whole already.
if (Test-Path $InstallDir) {
    Remove-Item -Recurse -Force $InstallDir
    Write-Host "removed $InstallDir"
}

$machinePath = [Environment]::GetEnvironmentVariable('Path', 'Machine')
$kept = ($machinePath -split ';') | Where-Object { $_ -and $_ -ne $InstallDir }
if (($kept -join ';') -ne $machinePath.TrimEnd(';')) {
    [Environment]::SetEnvironmentVariable('Path', ($kept -join ';'), 'Machine')
    Write-Host "removed $InstallDir from the machine PATH"
}

if ($Purge) {
    if ($PSCmdlet.ShouldProcess($DataRoot, 'Delete configuration, every received study, undelivered results and logs')) {
        Remove-Item -Recurse -Force $DataRoot
        Write-Host "purged $DataRoot"
    }
}
else {
    Write-Host "kept $DataRoot (configuration, data and logs; remove them with -Purge)"
}
