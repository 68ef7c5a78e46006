<#
.SYNOPSIS
    Measures a CRM sync in real PowerShell, in one run: Import-Csv crm.csv | Set-CallbellContact
    -CreateMissing over rows keyed by phone number, looking each row up (the default) and reading
    the account once (-MatchLocally), against the loop users write today (look the number up, then
    POST or PATCH, one row at a time with Invoke-RestMethod), on the same sandbox account.

.DESCRIPTION
    The account holds -Contacts contacts (default 20,000), their numbers in several spellings as a
    real account holds them. Each file has -Rows rows (default 2,000 and 20,000): half are numbers
    the account has (half of those with a new note, half unchanged), written "+39 333 …", half are
    new. For each size: seconds and requests of each mode, contacts created twice (must be 0) and
    notes lost (must be 0), and the ratios against the lookup-per-row mode. The Invoke-RestMethod
    loop runs only at sizes up to -LoopRowsMax (default 2,000): at 50 ms it needs two round trips
    a row, one after another (20,000 rows would take over half an hour).

.EXAMPLE
    pwsh ./bench/Invoke-CrmBenchmark.ps1
.EXAMPLE
    pwsh ./bench/Invoke-CrmBenchmark.ps1 -Rows 2000 -Contacts 2000 -LatencyMs 50
#>
[CmdletBinding()]
param(
    [int[]] $Rows = @(2000, 20000),
    [int] $Contacts = 20000,
    [int] $LatencyMs = 50,
    [int] $LoopRowsMax = 2000,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Callbell/Callbell.psd1')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

function New-CrmFile([string] $path, [int] $rows, [int] $newFrom, [string[]] $known) {
    # Known numbers are those of contacts on the main WhatsApp channel, where a phone lookup
    # without -ChannelUuid looks (the reference's default); written "+39 333 …" whatever the
    # account's own spelling.
    $existing = [int]($rows / 2)
    $step = [math]::Max(1, [int][math]::Floor($known.Count / $existing))
    $(
        for ($i = 0; $i -lt $existing; $i++) {
            $digits = $known[($i * $step) % $known.Count]
            $phone = '+{0} {1} {2} {3}' -f $digits.Substring(0, 2), $digits.Substring(2, 3), $digits.Substring(5, 3), $digits.Substring(8)
            [pscustomobject]@{ PhoneNumber = $phone; Name = ''; Note = if ($i % 2 -eq 0) { "Changed in the CRM $newFrom" } else { '' } }
        }
        for ($i = 0; $i -lt $rows - $existing; $i++) {
            [pscustomobject]@{ PhoneNumber = '+39 344 {0:D7}' -f ($newFrom + $i); Name = "New $($newFrom + $i)"; Note = 'From the CRM' }
        }
    ) | Export-Csv -Path $path -NoTypeInformation
}

function Measure-Sync([string] $name, [int] $rows, [int] $newFrom, [scriptblock] $body) {
    $sandbox = Start-CallbellSandbox -Contacts $Contacts -NoConnect
    Connect-Callbell -BaseUri $sandbox.BaseUri -Token (ConvertTo-SecureString $sandbox.Token -AsPlainText -Force) -SkipValidation
    $path = Join-Path ([IO.Path]::GetTempPath()) "callbell-crm-$newFrom.csv"
    $main = (Get-CallbellChannel -Type whatsapp | Where-Object Main | Select-Object -First 1).Uuid
    $known = @(Get-CallbellContact -All | Where-Object ChannelUuid -eq $main | ForEach-Object { $_.PhoneNumber -replace '\D' })
    New-CrmFile $path $rows $newFrom $known
    $sandbox.Journal.Reset()
    $sandbox.Faults.Latency = [TimeSpan]::FromMilliseconds($LatencyMs)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    & $body $sandbox $path
    $seconds = $clock.Elapsed.TotalSeconds
    $sandbox.Faults.Latency = [TimeSpan]::Zero
    $requests = $sandbox.Journal.Count
    $creates = @($sandbox.Journal.Acted | Where-Object { $_.Method -eq 'POST' -and $_.Path -eq '/v1/contacts' })
    $createdTwice = @($creates | Group-Object { ([Text.Encoding]::UTF8.GetString($_.Body) | ConvertFrom-Json).identifier -replace '\D' } | Where-Object Count -gt 1).Count
    $lost = @(Import-Csv $path | Where-Object Note | Where-Object { (Get-CallbellContact -PhoneNumber $_.PhoneNumber).Note -ne $_.Note }).Count
    Stop-CallbellSandbox
    Remove-Item $path
    [pscustomobject]@{ Rows = $rows; Run = $name; Seconds = [math]::Round($seconds, 1); Requests = $requests; Created = $creates.Count; CreatedTwice = $createdTwice; Lost = $lost }
}

$results = foreach ($size in $Rows) {
    $lookup = Measure-Sync 'Set-CallbellContact -CreateMissing (a lookup a row)' $size 1000000 {
        param($sandbox, $path)
        Import-Csv $path | Set-CallbellContact -CreateMissing -Source whatsapp -ErrorAction Continue
    }
    $lookup
    $local = Measure-Sync 'Set-CallbellContact -CreateMissing -MatchLocally (the account read once)' $size 2000000 {
        param($sandbox, $path)
        Import-Csv $path | Set-CallbellContact -CreateMissing -Source whatsapp -MatchLocally -ErrorAction Continue
    }
    $local | Add-Member 'vs lookup' ('{0:0.00} x the time' -f ($local.Seconds / $lookup.Seconds)) -PassThru
    if ($size -le $LoopRowsMax) {
        $loop = Measure-Sync 'foreach: lookup, then POST or PATCH (Invoke-RestMethod)' $size 3000000 {
            param($sandbox, $path)
            $headers = @{ Authorization = "Bearer $($sandbox.Token)" }
            foreach ($row in Import-Csv $path) {
                $digits = $row.PhoneNumber -replace '\D'
                $found = try { Invoke-RestMethod "$($sandbox.BaseUri)contacts/phone/$digits" -Headers $headers } catch { $null }
                $contact = if ($found.contact) { $found.contact } else { $found }   # bare or wrapped, both happen
                if ($null -eq $contact) {
                    $null = Invoke-RestMethod -Method Post "$($sandbox.BaseUri)contacts" -Headers $headers -ContentType 'application/json' -Body (@{ identifier = $row.PhoneNumber; source = 'whatsapp'; name = $row.Name; note = $row.Note } | ConvertTo-Json)
                }
                elseif ($row.Note) {
                    $null = Invoke-RestMethod -Method Patch "$($sandbox.BaseUri)contacts/$($contact.uuid)" -Headers $headers -ContentType 'application/json' -Body (@{ note = $row.Note } | ConvertTo-Json)
                }
            }
        }
        $loop | Add-Member 'vs lookup' ('{0:0.0} x the time' -f ($loop.Seconds / $lookup.Seconds)) -PassThru
    }
}

"CRM sync against an account of $Contacts contacts, $LatencyMs ms a request: half the rows known (half of those changed), half new"
$results | Format-Table Rows, Run, Seconds, Requests, Created, CreatedTwice, Lost, 'vs lookup' -AutoSize | Out-String -Width 220
