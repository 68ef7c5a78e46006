<#
.SYNOPSIS
    Measures bulk sends in real PowerShell: Send-CallbellMessage for many recipients with the
    default throttle and with -ThrottleLimit 1, against the same sandbox, with ratios from this run.

.EXAMPLE
    pwsh ./bench/Invoke-SendBenchmark.ps1 -Messages 1000 -LatencyMs 50
#>
[CmdletBinding()]
param(
    [int] $Messages = 1000,
    [int] $LatencyMs = 50,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Callbell/Callbell.psd1')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$sandbox = Start-CallbellSandbox -Contacts 0
$null = Send-CallbellMessage -To +393330000000 -Text warm-up   # looks up the main channel once
$recipients = 1..$Messages | ForEach-Object { [pscustomobject]@{ PhoneNumber = '+39333{0:D7}' -f $_ } }

function Measure-Send([string] $name, [hashtable] $options) {
    $sandbox.Journal.Reset()
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $sent = @($recipients | Send-CallbellMessage -Text 'Reminder' @options)
    $seconds = $clock.Elapsed.TotalSeconds
    $requests = @($sandbox.Journal.Requests | Where-Object Path -eq '/v1/messages/send')
    $twice = @($requests | Group-Object { [Text.Encoding]::UTF8.GetString($_.Body) } | Where-Object Count -gt 1).Count
    [pscustomobject]@{
        Run = $name; Seconds = [math]::Round($seconds, 2); Sent = $sent.Count; Requests = $requests.Count; SentTwice = $twice
        InOrder = (($sent.To -join ',') -eq ($recipients.PhoneNumber -join ','))
        BusiestSecond = $sandbox.Journal.PeakRequestsPer([TimeSpan]::FromSeconds(1))
    }
}

$sandbox.Faults.Latency = [TimeSpan]::FromMilliseconds($LatencyMs)
$results = @(
    Measure-Send 'Send-CallbellMessage (default throttle)' @{}
    Measure-Send 'Send-CallbellMessage -ThrottleLimit 1' @{ ThrottleLimit = 1 }
)
$sandbox.Faults.Latency = [TimeSpan]::Zero
$results += Measure-Send 'Send-CallbellMessage (default throttle), no latency' @{}

"Bulk send: $Messages recipients, $LatencyMs ms a request"
$results | Format-Table -AutoSize | Out-String -Width 200
"default / -ThrottleLimit 1 : {0:0.0} x faster  (target >= 6)" -f ($results[1].Seconds / $results[0].Seconds)
"rate limit held: busiest second {0} with no latency (budget 300)" -f $results[2].BusiestSecond
Stop-CallbellSandbox
