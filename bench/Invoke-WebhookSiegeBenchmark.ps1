<#
.SYNOPSIS
    Receive-CallbellWebhook under attack, in real PowerShell: a steady stream of correctly
    signed events (one at a time, resent until answered 200, as Callbell delivers) while the
    receiver is hit by a flood of unsigned posts, slow senders (a byte a second), bodies far
    over the limit, malformed chunked encoding and idle connections. The baseline, in the same
    run, is the same stream with no attack.

    Reports, for both runs: whether every signed event was written exactly once and in order,
    the receiver's peak memory and peak threads (sampled from /proc), and for each attack what
    it got and how long the longest attempt was held before the receiver answered or cut it off.

.EXAMPLE
    pwsh ./bench/Invoke-WebhookSiegeBenchmark.ps1 -Events 2000 -SlowSenders 300 -IdleConnections 2000
#>
[CmdletBinding()]
param(
    [int] $Events = 2000,
    [int] $EventsPerSecond = 100,
    [int] $FloodWorkers = 8,
    [int] $SlowSenders = 300,
    [int] $Oversized = 50,
    [int] $MalformedChunked = 50,
    [int] $IdleConnections = 2000,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Callbell/Callbell.psd1')
)

$ErrorActionPreference = 'Stop'
if (-not $IsLinux) { throw 'This benchmark samples the receiver from /proc: run it on Linux.' }
Add-Type -Path (Join-Path $PSScriptRoot '../tests/Callbell.Tests/Support/HostileTraffic.cs')
$pwsh = (Get-Process -Id $PID).Path
$secret = 'whsec_siege_' + [guid]::NewGuid().ToString('N')
$modulePath = (Resolve-Path $ModulePath).Path

function Get-FreePort {
    $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
    $port
}

function Measure-Siege([string] $name, [bool] $attack) {
    $port = Get-FreePort
    $written = Join-Path ([IO.Path]::GetTempPath()) "callbell-siege-$port.txt"
    $receiver = Start-Process $pwsh -PassThru -ArgumentList @(
        '-NoProfile', '-NonInteractive', '-Command',
        "Import-Module '$modulePath'; Receive-CallbellWebhook -Port $port -Secret '$secret' -Count $Events 3>`$null | ForEach-Object { `$_.Payload.Name } | Set-Content '$written'")
    $url = [Uri] "http://127.0.0.1:$port/"
    for ($i = 0; $i -lt 600; $i++) {
        try { $null = Invoke-RestMethod $url; break } catch { Start-Sleep -Milliseconds 50 }
    }

    # Peak resident memory and threads, sampled every 100 ms while the run lasts.
    $peak = [hashtable]::Synchronized(@{ Memory = 0L; Threads = 0 })
    $sampler = [powershell]::Create().AddScript({
        param($processId, $peak)
        while (Test-Path "/proc/$processId/status") {
            foreach ($line in Get-Content "/proc/$processId/status" -ErrorAction SilentlyContinue) {
                if ($line -match '^VmRSS:\s+(\d+) kB') { $peak.Memory = [Math]::Max($peak.Memory, [long]$Matches[1] * 1024) }
                if ($line -match '^Threads:\s+(\d+)') { $peak.Threads = [Math]::Max($peak.Threads, [int]$Matches[1]) }
            }
            Start-Sleep -Milliseconds 100
        }
    }).AddArgument($receiver.Id).AddArgument($peak)
    $sampling = $sampler.BeginInvoke()

    $traffic = [Callbell.Tests.Support.HostileTraffic]::new($url)
    $endOfRun = [Threading.CancellationTokenSource]::new()
    $attacks = if ($attack) {
        @(
            $traffic.UnsignedFloodAsync($FloodWorkers, $endOfRun.Token)
            $traffic.SlowSendersAsync($SlowSenders, $endOfRun.Token)
            $traffic.OversizedAsync($Oversized, $endOfRun.Token)
            $traffic.MalformedChunkedAsync($MalformedChunked, $endOfRun.Token)
            $traffic.IdleAsync($IdleConnections, $endOfRun.Token)
        )
    }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $attempts = $traffic.DeliverSignedAsync($secret, $Events, [TimeSpan]::FromSeconds(1 / $EventsPerSecond), [Threading.CancellationToken]::None).GetAwaiter().GetResult()
    $elapsed = $clock.Elapsed
    $endOfRun.Cancel()
    if ($attacks) { try { [Threading.Tasks.Task]::WaitAll([Threading.Tasks.Task[]] $attacks, 30000) } catch { } }
    $null = $receiver.WaitForExit(60000)
    $null = $sampler.EndInvoke($sampling); $sampler.Dispose()

    $names = if (Test-Path $written) { @(Get-Content $written) } else { @() }
    Remove-Item $written -ErrorAction SilentlyContinue
    $expected = 0..($Events - 1) | ForEach-Object { "Event $_" }
    [pscustomobject]@{
        Run                 = $name
        OnceAndInOrder      = ($names.Count -eq $Events) -and -not (Compare-Object $names $expected -SyncWindow 0)
        Written             = $names.Count
        SignedAttempts      = $attempts
        Seconds             = [Math]::Round($elapsed.TotalSeconds, 1)
        PeakMemoryMB        = [Math]::Round($peak.Memory / 1MB, 1)
        PeakThreads         = $peak.Threads
        Attacks             = $traffic.Reports
    }
}

$baseline = Measure-Siege 'signed stream alone' $false
$siege = Measure-Siege 'signed stream under attack' $true

foreach ($run in $baseline, $siege) {
    Write-Host ('{0}: every signed event written once and in order: {1} ({2} written, {3} attempts, {4} s); peak memory {5} MB; peak threads {6}' -f `
        $run.Run, $run.OnceAndInOrder, $run.Written, $run.SignedAttempts, $run.Seconds, $run.PeakMemoryMB, $run.PeakThreads)
}
Write-Host 'Attacks (what each got, and the longest any one attempt was held before it was answered or cut off):'
$siege.Attacks | ForEach-Object { Write-Host ('  ' + $_.ToString()) }
Write-Host ('Under attack / alone: peak memory {0:0.00}x, peak threads {1:0.00}x, time for the signed stream {2:0.00}x' -f `
    ($siege.PeakMemoryMB / $baseline.PeakMemoryMB), ($siege.PeakThreads / $baseline.PeakThreads), ($siege.Seconds / $baseline.Seconds))
