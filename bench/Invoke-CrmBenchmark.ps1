<#
.SYNOPSIS
    Measures a CRM sync in real PowerShell: Import-Csv crm.csv | Set-CallbellContact
    -CreateMissing over rows keyed by phone number (half new, a quarter changed, a quarter
    unchanged), against the loop users write today (look the number up, then POST or PATCH, one
    row at a time with Invoke-RestMethod), on the same sandbox, in one run.

.EXAMPLE
    pwsh ./bench/Invoke-CrmBenchmark.ps1 -Rows 2000 -LatencyMs 50
#>
[CmdletBinding()]
param(
    [int] $Rows = 2000,
    [int] $LatencyMs = 50,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Callbell/Callbell.psd1')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$existing = [int]($Rows / 2)

function New-CrmFile([string] $path, [int] $newFrom) {
    # Rows 0..existing-1 exist in the sandbox: a quarter of all rows get a new note, a quarter stay as they are.
    $(
        for ($i = 0; $i -lt $existing; $i++) {
            $phone = [Callbell.Sandbox.Data.ContactGenerator]::PhoneFor($i)
            [pscustomobject]@{ PhoneNumber = $phone; Name = ''; Note = if ($i % 2 -eq 0) { "Changed in the CRM $newFrom" } else { '' } }
        }
        for ($i = 0; $i -lt $Rows - $existing; $i++) {
            [pscustomobject]@{ PhoneNumber = '+39 344 {0:D7}' -f ($newFrom + $i); Name = "New $($newFrom + $i)"; Note = 'From the CRM' }
        }
    ) | Export-Csv -Path $path -NoTypeInformation
}

function Measure-Sync([string] $name, [int] $newFrom, [scriptblock] $body) {
    $sandbox = Start-CallbellSandbox -Contacts $existing -NoConnect
    Connect-Callbell -BaseUri $sandbox.BaseUri -Token (ConvertTo-SecureString $sandbox.Token -AsPlainText -Force) -SkipValidation
    $path = Join-Path ([IO.Path]::GetTempPath()) "callbell-crm-$newFrom.csv"
    New-CrmFile $path $newFrom
    $sandbox.Faults.Latency = [TimeSpan]::FromMilliseconds($LatencyMs)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    & $body $sandbox $path
    $seconds = $clock.Elapsed.TotalSeconds
    $sandbox.Faults.Latency = [TimeSpan]::Zero
    $requests = $sandbox.Journal.Count
    $creates = @($sandbox.Journal.Requests | Where-Object { $_.Method -eq 'POST' -and $_.Path -eq '/v1/contacts' })
    $createdTwice = @($creates | Group-Object { ([Text.Encoding]::UTF8.GetString($_.Body) | ConvertFrom-Json).identifier -replace '\D' } | Where-Object Count -gt 1).Count
    $lost = @(Import-Csv $path | Where-Object Note | Where-Object { (Get-CallbellContact -PhoneNumber $_.PhoneNumber).Note -ne $_.Note }).Count
    Stop-CallbellSandbox
    Remove-Item $path
    [pscustomobject]@{ Run = $name; Seconds = [math]::Round($seconds, 1); Requests = $requests; Created = $creates.Count; CreatedTwice = $createdTwice; Lost = $lost }
}

$module = Measure-Sync 'Import-Csv | Set-CallbellContact -CreateMissing' 1000000 {
    param($sandbox, $path)
    Import-Csv $path | Set-CallbellContact -CreateMissing -Source whatsapp
}
$loop = Measure-Sync 'foreach: lookup, then POST or PATCH (Invoke-RestMethod)' 2000000 {
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

"CRM sync: $Rows rows keyed by phone ($($Rows - $existing) new, $([int]($existing / 2)) changed, $($existing - [int]($existing / 2)) unchanged), $LatencyMs ms a request"
$module, $loop | Format-Table -AutoSize | Out-String -Width 200
"loop / module: {0:0.0} x faster  (target >= 6)" -f ($loop.Seconds / $module.Seconds)
