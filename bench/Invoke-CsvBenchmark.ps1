<#
.SYNOPSIS
    Measures the CSV round trip in real PowerShell: Import-Csv | Set-CallbellContact with the
    default throttle, with -ThrottleLimit 1, and the foreach + Invoke-RestMethod loop users write
    today, against the same sandbox, and prints ratios measured in this run.

.EXAMPLE
    pwsh ./bench/Invoke-CsvBenchmark.ps1 -Rows 2000 -LatencyMs 50
#>
[CmdletBinding()]
param(
    [int] $Rows = 2000,
    [int] $LatencyMs = 50,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Callbell/Callbell.psd1')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$sandbox = Start-CallbellSandbox -Contacts $Rows
$csv = Join-Path ([IO.Path]::GetTempPath()) 'callbell-bench.csv'
Get-CallbellContact -All | Select-Object Uuid, Name, PhoneNumber, Note | Export-Csv -Path $csv -NoTypeInformation

# Each run writes a new note into every row, so every row needs a change.
function Edit-Notes([string] $run) {
    $data = Import-Csv -Path $csv # read whole first: the same file is written next
    $data | ForEach-Object { $_.Note = "$run $($_.Uuid)"; $_ } | Export-Csv -Path $csv -NoTypeInformation
}

function Measure-Run([string] $name, [string] $run, [scriptblock] $body) {
    Edit-Notes $run
    $sandbox.Journal.Reset()
    $clock = [Diagnostics.Stopwatch]::StartNew()
    & $body
    $seconds = $clock.Elapsed.TotalSeconds
    $patches = @($sandbox.Journal.Requests | Where-Object Method -eq 'PATCH')
    $perContact = $patches | Group-Object { $_.Path } | Where-Object Count -ne 1
    $notes = Get-CallbellContact -All | Where-Object { $_.Note -ne "$run $($_.Uuid)" }
    [pscustomobject]@{
        Run = $name; Seconds = [math]::Round($seconds, 2); Requests = $sandbox.Journal.Count; Patches = $patches.Count
        SentTwice = @($perContact).Count; Lost = @($notes).Count
        BusiestSecond = $sandbox.Journal.PeakRequestsPer([TimeSpan]::FromSeconds(1))
    }
}

$headers = @{ Authorization = "Bearer $($sandbox.Token)" }
$results = @()
$sandbox.Faults.Latency = [TimeSpan]::FromMilliseconds($LatencyMs)
$results += Measure-Run 'Set-CallbellContact (default throttle)' 'A' { Import-Csv -Path $csv | Set-CallbellContact }
$results += Measure-Run 'Set-CallbellContact -ThrottleLimit 1' 'B' { Import-Csv -Path $csv | Set-CallbellContact -ThrottleLimit 1 }
$results += Measure-Run 'foreach + Invoke-RestMethod (PATCH every row)' 'C' {
    foreach ($row in Import-Csv -Path $csv) {
        $null = Invoke-RestMethod -Method Patch -Uri "$($sandbox.BaseUri)contacts/$($row.Uuid)" -Headers $headers -ContentType 'application/json' -Body (@{ note = $row.Note } | ConvertTo-Json)
    }
}

$sandbox.Faults.Latency = [TimeSpan]::Zero
$zero = Measure-Run 'Set-CallbellContact (default throttle), no latency' 'D' { Import-Csv -Path $csv | Set-CallbellContact }
$arrivals = $sandbox.Journal.Requests | Where-Object Method -in 'GET', 'PATCH' | Select-Object -ExpandProperty ReceivedAt | Sort-Object
$budget = 300
$whole = [math]::Floor(($arrivals[-1] - $arrivals[0]).TotalSeconds)
$sustained = if ($whole -ge 1) { @($arrivals | Where-Object { $_ -lt $arrivals[0].AddSeconds($whole) }).Count / $whole } else { $arrivals.Count }
$results += $zero

"CSV round trip: $Rows rows, $LatencyMs ms a request (each row of Set-CallbellContact is a read and a write)"
$results | Format-Table -AutoSize | Out-String -Width 200
"default / -ThrottleLimit 1 : {0:0.0} x faster  (target >= 6)" -f ($results[1].Seconds / $results[0].Seconds)
"default / foreach loop     : {0:0.0} x faster  (target >= 6)" -f ($results[2].Seconds / $results[0].Seconds)
"no latency: busiest second {0} (budget {1}); mean over {2} whole seconds {3:0.0}/s = {4:0.0}% of the budget  (target >= 90%)" -f $zero.BusiestSecond, $budget, $whole, $sustained, (100 * $sustained / $budget)
Stop-CallbellSandbox
Remove-Item $csv
