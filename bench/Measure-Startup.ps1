<#
.SYNOPSIS
    Measures start-up in fresh PowerShell processes: Import-Module Callbell, and the first
    Get-CallbellContact -First 1 against a sandbox, against baselines measured in this run (an
    empty process, and the first Invoke-RestMethod of a hand-written script to the same sandbox).

.DESCRIPTION
    The sandbox runs in this process; each measured process is new, connects through
    $env:CALLBELL_API_TOKEN and $env:CALLBELL_BASE_URI as a runbook would, and times itself with
    a stopwatch. Medians of -Runs runs are printed, with ratios to the baselines.

.EXAMPLE
    pwsh ./bench/Measure-Startup.ps1 -Runs 7
#>
[CmdletBinding()]
param(
    [int] $Runs = 7,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Callbell/Callbell.psd1')
)

$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath -Force
$sandbox = Start-CallbellSandbox -Contacts 100 -NoConnect
$pwsh = (Get-Process -Id $PID).Path
$env:CALLBELL_API_TOKEN = $sandbox.Token
$env:CALLBELL_BASE_URI = $sandbox.BaseUri.AbsoluteUri

$scripts = [ordered]@{
    'empty process' = '$c = [Diagnostics.Stopwatch]::StartNew(); "0 0"'
    'Invoke-RestMethod' = @'
$c = [Diagnostics.Stopwatch]::StartNew()
$null = Invoke-RestMethod "$($env:CALLBELL_BASE_URI)contacts" -Headers @{ Authorization = "Bearer $env:CALLBELL_API_TOKEN" }
"0 $($c.Elapsed.TotalMilliseconds)"
'@
    'Callbell' = @"
`$c = [Diagnostics.Stopwatch]::StartNew()
Import-Module '$ModulePath'
`$import = `$c.Elapsed.TotalMilliseconds
`$null = Get-CallbellContact -First 1
"`$import `$(`$c.Elapsed.TotalMilliseconds - `$import)"
"@
}

function Median([double[]] $values) { $sorted = $values | Sort-Object; $sorted[[int][math]::Floor($sorted.Count / 2)] }

$results = [ordered]@{}
foreach ($name in $scripts.Keys) {
    $process = @(); $import = @(); $first = @()
    for ($i = 0; $i -le $Runs; $i++) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $out = & $pwsh -NoProfile -NonInteractive -Command $scripts[$name]
        $elapsed = $clock.Elapsed.TotalMilliseconds
        if ($LASTEXITCODE -ne 0) { throw "$name failed: $out" }
        if ($i -eq 0) { continue } # the first run warms the disk cache for the rest
        $parts = "$out".Trim() -split ' '
        $process += $elapsed; $import += [double]$parts[0]; $first += [double]$parts[1]
    }
    $results[$name] = [pscustomobject]@{ Name = $name; Process = Median $process; Import = Median $import; FirstCall = Median $first }
}

$results.Values | Format-Table Name, @{ n = 'Process (ms)'; e = { [math]::Round($_.Process) } }, @{ n = 'Import-Module (ms)'; e = { [math]::Round($_.Import) } }, @{ n = 'First request (ms)'; e = { [math]::Round($_.FirstCall) } }
$empty = $results['empty process']; $irm = $results['Invoke-RestMethod']; $cb = $results['Callbell']
'Import-Module Callbell: {0:n0} ms; first Get-CallbellContact -First 1: {1:n0} ms; first Invoke-RestMethod: {2:n0} ms' -f $cb.Import, $cb.FirstCall, $irm.FirstCall
'Whole process: Callbell {0:n0} ms = {1:n2} x an empty process ({2:n0} ms), {3:n2} x the Invoke-RestMethod script ({4:n0} ms)' -f $cb.Process, ($cb.Process / $empty.Process), $empty.Process, ($cb.Process / $irm.Process), $irm.Process
'Module cost over the hand-written script: {0:n0} ms' -f ($cb.Process - $irm.Process)
Stop-CallbellSandbox
Remove-Item env:CALLBELL_API_TOKEN, env:CALLBELL_BASE_URI
