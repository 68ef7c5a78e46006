# Pester 5 tests of the module as a user drives it, against an in-process sandbox.
# Run with ./build.ps1 -Task Test (or -Task Pester after a build).

BeforeAll {
    # How many shared connections the process holds (ConnectionCache is internal: read it the way a debugger would).
    function Get-HeldConnectionCount {
        [Callbell.CallbellConnection].Assembly.GetType('Callbell.ConnectionCache', $true).GetProperty('Count').GetValue($null)
    }
    $modulePath = if ($env:CALLBELL_MODULE_PATH) { $env:CALLBELL_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/Callbell' }
    Import-Module (Join-Path $modulePath 'Callbell.psd1') -Force
    $script:sandbox = Start-CallbellSandbox -Contacts 230 -PageSize 50
    $script:token = ConvertTo-SecureString $sandbox.Token -AsPlainText -Force

    function Connect-Sandbox { Connect-Callbell -BaseUri $sandbox.BaseUri -Token $token }
    function Complete([string] $line) { (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches }
}

AfterAll {
    Stop-CallbellSandbox
    Remove-Module Callbell -ErrorAction SilentlyContinue
    Remove-Item env:CALLBELL_API_TOKEN, env:CALLBELL_BASE_URI -ErrorAction SilentlyContinue
}

Describe 'Connect-Callbell' {
    It 'connects with a SecureString token and shows the user with the token masked' {
        $info = Connect-Callbell -BaseUri $sandbox.BaseUri -Token $token -PassThru

        $info.UserEmail | Should -Be 'admin@sandbox.callbell.local'
        $info.Validated | Should -BeTrue
        $info.Token | Should -Match '^test_\*{4}'
        (Get-CallbellConnection | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($sandbox.Token))
    }

    It 'refuses a wrong token with an authentication error, and keeps the old connection' {
        Connect-Sandbox
        $wrong = ConvertTo-SecureString 'test_wrongwrongwrongwrong00' -AsPlainText -Force

        { Connect-Callbell -BaseUri $sandbox.BaseUri -Token $wrong -ErrorAction Stop } | Should -Throw -ErrorId 'Callbell.Authentication.401*'
        (Get-CallbellConnection -Default).Validated | Should -BeTrue
    }

    It 'refuses plain http to a host other than this machine, naming the parameter' {
        $err = { Connect-Callbell -BaseUri 'http://api.callbell.eu/v1' -Token $token -ErrorAction Stop } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'Callbell.InvalidArgument*'
        $err.Exception.ParameterName | Should -Be 'BaseUri'
    }

    It 'writes the request to -Verbose without the token' {
        $lines = Connect-Callbell -BaseUri $sandbox.BaseUri -Token $token -Verbose 4>&1 | ForEach-Object Message

        $lines -join "`n" | Should -Match 'GET http://127\.0\.0\.1:\d+/v1/auth/me -> 200 in \d+ ms'
        $lines -join "`n" | Should -Not -Match ([regex]::Escape($sandbox.Token))
    }
}

Describe 'Runbooks: no Connect-Callbell' {
    AfterEach {
        Remove-Item env:CALLBELL_API_TOKEN, env:CALLBELL_BASE_URI -ErrorAction SilentlyContinue
    }

    It 'uses $env:CALLBELL_API_TOKEN and $env:CALLBELL_BASE_URI' {
        Disconnect-Callbell
        $env:CALLBELL_API_TOKEN = $sandbox.Token
        $env:CALLBELL_BASE_URI = $sandbox.BaseUri.AbsoluteUri

        (Get-CallbellContact -First 1).Uuid | Should -Match '^[0-9a-f]{32}$'
        (Get-CallbellConnection -Default).Source | Should -Be '$env:CALLBELL_API_TOKEN'
    }

    It 'a malformed $env:CALLBELL_API_TOKEN does not break Connect-Callbell -Token, and its error names the variable' {
        Disconnect-Callbell
        $env:CALLBELL_API_TOKEN = 'not a token'

        { Connect-Callbell -BaseUri $sandbox.BaseUri -Token $token } | Should -Not -Throw
        (Get-CallbellConnection -Default).Validated | Should -BeTrue
        Disconnect-Callbell
        $err = { Connect-Callbell -ErrorAction Stop } | Should -Throw -PassThru
        $err.Exception.ParameterName | Should -Be '$env:CALLBELL_API_TOKEN'
        $err.Exception.Message | Should -Match 'CALLBELL_API_TOKEN'
        Connect-Sandbox
    }

    It 'Disconnect-Callbell releases the connection and its token from the process' {
        Disconnect-Callbell
        $before = (Get-HeldConnectionCount)
        $env:CALLBELL_API_TOKEN = $sandbox.Token
        $env:CALLBELL_BASE_URI = $sandbox.BaseUri.AbsoluteUri
        $null = Get-CallbellContact -First 1 # a runbook's: the environment's connection
        Connect-Callbell -BaseUri $sandbox.BaseUri -Token $token -TimeoutSec 42
        (Get-HeldConnectionCount) | Should -Be ($before + 2)

        Disconnect-Callbell

        (Get-HeldConnectionCount) | Should -Be $before
        Connect-Sandbox
    }

    It 'stops with a clear error when there is no token anywhere' {
        Disconnect-Callbell

        $err = { Get-CallbellContact } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'Callbell.NoToken*'
        $err.Exception.Message | Should -Match 'Connect-Callbell'
        $err.Exception.Message | Should -Match 'CALLBELL_API_TOKEN'
    }
}

Describe 'Get-CallbellContact' {
    BeforeAll { Connect-Sandbox }

    It '-All streams every contact once, in order, as typed objects' {
        $all = Get-CallbellContact -All

        $all.Count | Should -Be 230
        $all[0] | Should -BeOfType ([Callbell.Contact])
        ($all.Uuid | Select-Object -Unique).Count | Should -Be 230
        $all[0].CreatedAt | Should -BeOfType ([DateTimeOffset])
    }

    It 'the default table fits a 120-column console, the date whole' {
        $lines = Get-CallbellContact -First 20 | Out-String -Width 120 -Stream | Where-Object { $_.Trim() }

        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 120 }
        $lines[0] | Should -Match 'CreatedAt\s*$'
        @($lines[2..($lines.Count - 1)] | Where-Object { $_ -match '\d{4}-\d{2}-\d{2} \d{2}:\d{2}$' }).Count | Should -Be 20 # below the header
    }

    It 'without -All returns one page and warns once, because the response shows more pages' {
        $page = Get-CallbellContact -WarningVariable warnings -WarningAction SilentlyContinue

        $page.Count | Should -Be 50
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match '-All'
        $warnings[0].Message | Should -Match '-After '
    }

    It 'does not warn when the account has no more contacts than one page' {
        $small = Start-CallbellSandbox -Contacts 5
        try {
            $five = Get-CallbellContact -WarningVariable warnings -WarningAction SilentlyContinue

            $five.Count | Should -Be 5
            $warnings.Count | Should -Be 0
        }
        finally {
            $small | Stop-CallbellSandbox
            Connect-Sandbox
        }
    }

    It '-All over 12,000 contacts walks by cursor past page 500 and returns each contact exactly once' {
        $big = Start-CallbellSandbox -Contacts 12000
        try {
            $all = Get-CallbellContact -All

            $all.Count | Should -Be 12000
            ($all.Uuid | Sort-Object -Unique).Count | Should -Be 12000
            $pages = $big.Journal.Requests | Where-Object Path -eq '/v1/contacts'
            $pages.Count | Should -Be 600
            ($pages | Where-Object { $_.Query.ContainsKey('after') }).Count | Should -Be 599
        }
        finally {
            $big | Stop-CallbellSandbox
            Connect-Sandbox
        }
    }

    It 'refuses -Page beyond 500 before any request, naming the parameter and the way past it' {
        $sandbox.Journal.Reset()

        $err = { Get-CallbellContact -Page 501 -ErrorAction Stop } | Should -Throw -PassThru

        $err.Exception.ParameterName | Should -Be 'Page'
        $err.Exception.RecommendedAction | Should -Match '-After'
        $sandbox.Journal.Count | Should -Be 0
    }

    It 'a bad token during -All is an authentication error, as on a single call, with no advice to resume a page' {
        $bad = ConvertTo-SecureString 'test_wrongwrongwrongwrong00' -AsPlainText -Force
        try {
            Connect-Callbell -BaseUri $sandbox.BaseUri -Token $bad -SkipValidation
            $err = { Get-CallbellContact -All -ErrorAction Stop } | Should -Throw -PassThru
        }
        finally { Connect-Sandbox }

        $err.FullyQualifiedErrorId | Should -BeLike 'Callbell.Authentication.401*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        "$($err.ErrorDetails.RecommendedAction) $($err.Exception.RecommendedAction)" | Should -Not -Match '-Page|-After'
    }

    It 'a 5xx is ResourceUnavailable and a 402 QuotaExceeded; a server code in an ErrorId is a plain word' {
        $rule = [Callbell.Sandbox.Faults.FaultRule]::new('ServerError'); $rule.Path = '/v1/plan'; $rule.Times = 5
        $null = $sandbox.Faults.Add($rule)
        $payment = [Callbell.Sandbox.Faults.FaultRule]::new('ApiError'); $payment.Path = '/v1/contacts/0000aaaa0000aaaa0000aaaa0000aaaa'; $payment.Status = 402; $payment.Code = 'wallet empty; <script>'
        $null = $sandbox.Faults.Add($payment)
        try {
            Connect-Callbell -BaseUri $sandbox.BaseUri -Token $token -MaximumRetryCount 0
            $unavailable = { Get-CallbellPlan -ErrorAction Stop } | Should -Throw -PassThru
            $quota = { Get-CallbellContact -Uuid 0000aaaa0000aaaa0000aaaa0000aaaa -ErrorAction Stop } | Should -Throw -PassThru
        }
        finally {
            $sandbox.Faults.Clear()
            Connect-Sandbox
        }

        $unavailable.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $quota.CategoryInfo.Category | Should -Be 'QuotaExceeded'
        $quota.FullyQualifiedErrorId | Should -BeLike 'Callbell.InvalidRequest.402,*'
    }

    It 'a walk that fails names the cursor, and -After resumes exactly there' {
        Connect-Callbell -BaseUri $sandbox.BaseUri -Token $token -MaximumRetryCount 0
        $rule = $sandbox.Faults.Add([Callbell.Sandbox.Faults.FaultRule]::new('ServerError'))
        $rule.Path = '/v1/contacts'
        $rule.PassFirst = 2
        try {
            $before = Get-CallbellContact -All -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally {
            $sandbox.Faults.Clear()
            Connect-Sandbox
        }

        $before.Count | Should -Be 100
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Callbell.PageFailed*'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match "-After $([regex]::Escape($failures[0].Exception.After)) -All"

        $rest = Get-CallbellContact -All -After $failures[0].Exception.After

        ($before + $rest).Uuid | Should -Be (Get-CallbellContact -All).Uuid
    }

    It 'a failed list request names what was asked in readable text' {
        Connect-Callbell -BaseUri $sandbox.BaseUri -Token $token -MaximumRetryCount 0
        $rule = $sandbox.Faults.Add([Callbell.Sandbox.Faults.FaultRule]::new('ServerError'))
        $rule.Path = '/v1/contacts'
        try {
            Get-CallbellContact -Source whatsapp -Tag vip -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally {
            $sandbox.Faults.Clear()
            Connect-Sandbox
        }

        "$($failures[0].TargetObject)" | Should -Be 'contacts (Source whatsapp, Tag vip)'
    }

    It 'keeps unknown fields as plain values that survive ConvertTo-Json and Export-Clixml' {
        $contact = Get-CallbellContact -First 1
        $path = Join-Path $TestDrive 'contact.xml'

        ($contact | ConvertTo-Json -Depth 4) | Should -Match '"lifecycleStage":\s*"lead"'
        ($contact | ConvertTo-Json -Depth 4) | Should -Not -Match 'ValueKind'
        $contact | Export-Clixml -Path $path
        (Import-Clixml -Path $path).AdditionalFields.lifecycleStage | Should -Be 'lead'
    }

    It '-Page N -All resumes from page N' {
        $rest = Get-CallbellContact -Page 4 -All

        $rest.Count | Should -Be 80
    }

    It '-First stops after that many' {
        (Get-CallbellContact -First 7).Count | Should -Be 7
    }

    It '-All | Select-Object -First 3 stops the walk: no further pages are requested' {
        $big = Start-CallbellSandbox -Contacts 5000 -LatencyMs 100
        try {
            $three = Get-CallbellContact -All | Select-Object -First 3

            # A request sent after the pipeline stopped: no contact page may arrive after it.
            $null = Invoke-RestMethod -Uri "$($big.BaseUri)auth/me" -Headers @{ Authorization = "Bearer $($big.Token)" }
            $requests = $big.Journal.Requests
            $sentinel = [array]::FindLastIndex([object[]]$requests, [Predicate[object]] { param($r) $r.Path -eq '/v1/auth/me' })
            $contactPages = @($requests | Where-Object Path -eq '/v1/contacts')

            $three.Count | Should -Be 3
            $contactPages.Count | Should -BeLessOrEqual 5
            @($requests[($sentinel + 1)..($requests.Count)] | Where-Object { $_ -and $_.Path -eq '/v1/contacts' }).Count | Should -Be 0
        }
        finally {
            $big | Stop-CallbellSandbox
            Connect-Sandbox
        }
    }

    It 'binds uuids from the pipeline, by property name and by value' {
        $some = Get-CallbellContact -First 3

        ($some | Get-CallbellContact).Uuid | Should -Be $some.Uuid
        ($some.Uuid | Get-CallbellContact).Name | Should -Be $some.Name
    }

    It 'an unknown uuid is a non-terminating error; the other items go on' {
        $known = (Get-CallbellContact -First 1).Uuid

        $found = 'ffffffffffffffffffffffffffffffff', $known | Get-CallbellContact -ErrorVariable failures -ErrorAction SilentlyContinue

        $found.Uuid | Should -Be $known
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Callbell.NotFound.404*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'ffffffffffffffffffffffffffffffff'
    }

    It 'refuses a uuid with path characters before any request, naming the parameter' {
        $sandbox.Journal.Reset()

        Get-CallbellContact -Uuid 'abc/../def' -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Callbell.InvalidArgument*'
        $failures[0].Exception.ParameterName | Should -Be 'Uuid'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $sandbox.Journal.Count | Should -Be 0
    }

    It 'filters by tag and source on the server' {
        $sandbox.Journal.Reset()
        $vip = Get-CallbellContact -All -Tag VIP -Source whatsapp

        $vip | Should -Not -BeNullOrEmpty
        $vip | ForEach-Object { $_.Tags | Should -Contain 'vip'; $_.Source | Should -Be 'whatsapp' }
        $sandbox.Journal.Requests | ForEach-Object { $_.Target | Should -Match 'source=whatsapp&tags=VIP($|&)' }
    }

    It 'looks up by phone number and by bsuid' {
        (Get-CallbellContact -PhoneNumber '+393330000005').Uuid | Should -Be (Get-CallbellContact -All)[5].Uuid
        (Get-CallbellContact -Bsuid 'IT.4000000010').PhoneNumber -replace '\D' | Should -Be '393330000010'
    }

    It '-IncludeFieldType adds each custom field''s declared type' {
        (Get-CallbellContact -First 1 -IncludeFieldType).CustomFieldsMetadata['Plan'].Type | Should -Be 'dropdown'
    }

    It '-Verbose logs method, URL, status and time of each request' {
        $verbose = Get-CallbellContact -Page 2 -Verbose -WarningAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }

        $verbose.Message | Should -Match 'GET http://127\.0\.0\.1:\d+/v1/contacts\?page=2 -> 200 in \d+ ms'
    }

    It 'logs them too when a calling function''s -Verbose sets $VerbosePreference, and writes none without it' {
        function Get-SecondPage { [CmdletBinding()] param() Get-CallbellContact -Page 2 -WarningAction SilentlyContinue }

        $verbose = Get-SecondPage -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $quiet = Get-SecondPage 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }

        $verbose.Message | Should -Match 'GET http://127\.0\.0\.1:\d+/v1/contacts\?page=2 -> 200 in \d+ ms'
        @($quiet).Count | Should -Be 0
    }

    It 'completes -Source with the channel types' {
        $line = 'Get-CallbellContact -Source wh'

        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'whatsapp'
    }

    It 'shows a table of Name, PhoneNumber, Source, Tags, AssignedUser, CreatedAt' {
        $text = Get-CallbellContact -First 2 | Format-Table | Out-String -Width 200

        $text | Should -Match 'Name\s+PhoneNumber\s+Source\s+Tags\s+AssignedUser\s+CreatedAt'
    }
}

Describe 'Export-Csv of contacts' {
    BeforeAll { Connect-Sandbox }

    It 'writes readable Tags, CustomFields, Team and Channel cells that read back' {
        $path = Join-Path $TestDrive 'contacts.csv'
        $contacts = Get-CallbellContact -First 6
        $contacts | Export-Csv -Path $path -NoTypeInformation

        $rows = Import-Csv -Path $path

        $rows.Count | Should -Be 6
        foreach ($i in 0..5) {
            $rows[$i].Tags | Should -Be ($contacts[$i].Tags -join ', ')
            $rows[$i].CustomFields | Should -Not -Match 'System\.'
            [Callbell.CustomFieldSet]::Parse($rows[$i].CustomFields)['Plan'] | Should -Be $contacts[$i].CustomFields['Plan']
            ([Callbell.TagList]::Parse($rows[$i].Tags) -join '|') | Should -Be ($contacts[$i].Tags -join '|')
        }

        $rows[0].Team | Should -Be 'Sales'
        $rows[0].Channel | Should -Be 'WhatsApp Main'
        $rows[0].TeamUuid | Should -Match '^[0-9a-f]{32}$'
    }
}

Describe 'Ctrl+C' {
    It 'StopProcessing ends a hanging request promptly' {
        $slow = Start-CallbellSandbox -Contacts 100 -LatencyMs 30000
        try {
            $ps = [PowerShell]::Create()
            $null = $ps.AddScript("Import-Module '$(Join-Path (Get-Module Callbell).ModuleBase 'Callbell.psd1')'; Connect-Callbell -BaseUri '$($slow.BaseUri)' -Token (ConvertTo-SecureString '$($slow.Token)' -AsPlainText -Force) -SkipValidation; Get-CallbellContact -All")
            $async = $ps.BeginInvoke()
            # Wait for the event: the walk's first request has reached the sandbox and hangs there.
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not ($slow.Journal.Requests | Where-Object Path -eq '/v1/contacts') -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $slow.Journal.InFlight | Should -BeGreaterThan 0
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
            $async.IsCompleted | Should -BeTrue
        }
        finally {
            $slow | Stop-CallbellSandbox
            Connect-Sandbox
        }
    }
}

Describe 'Bulk runs: every way out ends, one outcome per item' {
    BeforeAll {
        # 200 ms a request, as a real API far away. Each command runs in its own runspace and is
        # bounded: a hang fails the test within seconds instead of holding CI.
        $script:slow = Start-CallbellSandbox -Contacts 40 -LatencyMs 200 -NoConnect
        $script:moduleManifest = Join-Path (Get-Module Callbell).ModuleBase 'Callbell.psd1'
        function script:Uuid([int] $i) { [Callbell.Sandbox.Data.ContactGenerator]::UuidFor($i) }
        function script:Start-Bounded([string] $script) {
            $ps = [PowerShell]::Create()
            $null = $ps.AddScript("Import-Module '$moduleManifest'; Connect-Callbell -BaseUri '$($slow.BaseUri)' -Token (ConvertTo-SecureString '$($slow.Token)' -AsPlainText -Force) -SkipValidation`n$script")
            [pscustomobject]@{ PowerShell = $ps; Async = $ps.BeginInvoke() }
        }
        function script:Wait-Bounded($run, [int] $seconds = 15) {
            if (-not $run.Async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($seconds))) {
                $null = $run.PowerShell.BeginStop($null, $null)
                throw "still running after $seconds s: the command hung"
            }
            $failure = $null
            $output = try { $run.PowerShell.EndInvoke($run.Async) } catch { $failure = $_.Exception.InnerException ?? $_.Exception }
            [pscustomobject]@{ Output = @($output); Errors = @($run.PowerShell.Streams.Error); Warnings = @($run.PowerShell.Streams.Warning); Failure = $failure }
        }
        function script:Invoke-Bounded([string] $script, [int] $seconds = 15) { Wait-Bounded (Start-Bounded $script) $seconds }
        function script:Wait-Journal([scriptblock] $until, [int] $seconds = 10) {
            $deadline = [DateTime]::UtcNow.AddSeconds($seconds)
            while (-not (& $until) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 10 }
            & $until | Should -BeTrue
        }
    }
    AfterAll {
        $slow | Stop-CallbellSandbox
    }
    BeforeEach {
        $slow.Journal.Reset()
        $slow.Faults.Clear()
        $slow.Faults.Latency = [TimeSpan]::FromMilliseconds(200)
    }

    It '(a,b,b,c,c,d,d,d) | Get-CallbellContact | Select-Object -First 1 writes a and ends' {
        $a, $b, $c, $d = (Uuid 0), (Uuid 1), (Uuid 2), (Uuid 3)

        $result = Invoke-Bounded "'$a','$b','$b','$c','$c','$d','$d','$d' | Get-CallbellContact | Select-Object -First 1"

        $result.Failure | Should -BeNullOrEmpty
        $result.Output.Uuid | Should -Be $a
    }

    It 'Ctrl+C during a bulk change stops it within two seconds' {
        $run = Start-Bounded "0..199 | ForEach-Object { [pscustomobject]@{ Uuid = [Callbell.Sandbox.Data.ContactGenerator]::UuidFor(`$_ % 40); Note = `"ctrl-c `$_`" } } | Set-CallbellContact"
        Wait-Journal { @($slow.Journal.Requests | Where-Object Method -eq 'PATCH').Count -gt 0 }

        $clock = [Diagnostics.Stopwatch]::StartNew()
        $run.PowerShell.Stop()

        $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
        $run.Async.IsCompleted | Should -BeTrue
        @($slow.Journal.Requests | Where-Object Method -eq 'PATCH').Count | Should -BeLessThan 200
    }

    It '-ErrorAction Stop on one failed row ends the command without working through the rest' {
        $rows = "@([pscustomobject]@{ Uuid = '$(Uuid 0)'; Note = 'stop 0' }; [pscustomobject]@{ Uuid = '0000cccc0000cccc0000cccc0000cccc'; Note = 'missing' }) + (2..39 | ForEach-Object { [pscustomobject]@{ Uuid = [Callbell.Sandbox.Data.ContactGenerator]::UuidFor(`$_); Note = `"stop `$_`" } })"

        $result = Invoke-Bounded "$rows | Set-CallbellContact -ErrorAction Stop"

        $result.Failure.ErrorRecord.FullyQualifiedErrorId | Should -BeLike 'Callbell.NotFound.404*'
        @($slow.Journal.Requests | Where-Object Method -eq 'PATCH').Count | Should -BeLessThan 38
    }

    It 'a confirmation that cannot be shown (no interactive host) ends the command instead of hanging' {
        # Set-CallbellContact asks after reading each contact, inside the engine, with a repeated uuid queued behind.
        $result = Invoke-Bounded "'$(Uuid 0)', '$(Uuid 0)', '$(Uuid 1)' | ForEach-Object { [pscustomobject]@{ Uuid = `$_; Note = 'confirm me' } } | Set-CallbellContact -Confirm; 'after'"

        "$($result.Failure) $($result.Errors)" | Should -Match 'does not support user interaction'
        $result.Output | Should -Be 'after'
        @($slow.Journal.Requests | Where-Object Method -eq 'PATCH').Count | Should -Be 0
    }

    It '-WhatIf over repeated uuids (every confirmation declined) ends and changes nothing' {
        $result = Invoke-Bounded "'$(Uuid 0)', '$(Uuid 0)', '$(Uuid 1)', '$(Uuid 0)' | ForEach-Object { [pscustomobject]@{ Uuid = `$_; Note = 'declined' } } | Set-CallbellContact -WhatIf"

        $result.Failure | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        @($slow.Journal.Requests | Where-Object Method -eq 'PATCH').Count | Should -Be 0
    }

    It 'a send that failed does not count the recipient as sent to; one that was accepted does' {
        $slow.Faults.Latency = [TimeSpan]::Zero
        $rule = [Callbell.Sandbox.Faults.FaultRule]::new('ApiError')
        $rule.Method = 'POST'; $rule.Path = '/v1/messages/send'; $rule.Times = 1; $rule.Status = 422; $rule.Message = 'not in the 24 hour window'
        $null = $slow.Faults.Add($rule)

        $result = Invoke-Bounded "'+393330000071', '+393330000071', '+393330000071' | ForEach-Object { [pscustomobject]@{ PhoneNumber = `$_ } } | Send-CallbellMessage -Text 'Hello'"

        @($slow.Journal.Requests | Where-Object Path -eq '/v1/messages/send').Count | Should -Be 2
        $result.Output.Count | Should -Be 1
        $result.Errors.Count | Should -Be 2
        $result.Errors[0].ErrorDetails.Message | Should -Match '^Row 1: '
        $result.Errors[1].ErrorDetails.Message | Should -Match '^Row 3: A message was already sent to'
    }

    It 'Wait-CallbellMessage follows each message on its own: an unknown uuid is an error for it alone' {
        $slow.Faults.Latency = [TimeSpan]::Zero
        $result = Invoke-Bounded @'
$sent = '+393330000081', '+393330000082' | ForEach-Object { [pscustomobject]@{ PhoneNumber = $_ } } | Send-CallbellMessage -Text 'Hi'
$sent[0].Uuid, '0000dddd0000dddd0000dddd0000dddd', $sent[1].Uuid | Wait-CallbellMessage -TimeoutSec 10
'@ 20

        $result.Output.Status | Should -Be @('delivered', 'delivered')
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'Callbell.NotFound.404*'
        $result.Errors[0].TargetObject | Should -Be '0000dddd0000dddd0000dddd0000dddd'
    }

    It 'a repeated key after one 5xx still ends: (a,a,b..p) | Get-CallbellContact writes all 17' {
        # The reported hang: the 500 halved the limit while later items held every place in flight.
        $uuids = @(Uuid 0) + @(0..15 | ForEach-Object { Uuid $_ })
        $rule = [Callbell.Sandbox.Faults.FaultRule]::new('ServerError'); $rule.Method = 'GET'; $rule.Path = "/v1/contacts/$(Uuid 0)"; $rule.Times = 1
        $null = $slow.Faults.Add($rule)

        $result = Invoke-Bounded "'$($uuids -join "','")' | Get-CallbellContact"

        $result.Failure | Should -BeNullOrEmpty
        $result.Output.Uuid | Should -Be $uuids
    }

    It 'a row repeating a phone number on the next row, after a 5xx, still ends' {
        $rule = [Callbell.Sandbox.Faults.FaultRule]::new('ServerError'); $rule.Method = 'GET'; $rule.Path = '/v1/contacts/phone/393330000001'; $rule.Times = 1
        $null = $slow.Faults.Add($rule)
        $rows = "@('+39 333 000 0001', '+39 333 000 0001') + (2..12 | ForEach-Object { '+39 333 000 {0:D4}' -f `$_ }) | ForEach-Object { [pscustomobject]@{ PhoneNumber = `$_; Note = 'crm' } }"

        $result = Invoke-Bounded "$rows | Set-CallbellContact -CreateMissing -Source whatsapp -Force -PassThru" 20

        $result.Failure | Should -BeNullOrEmpty
        $result.Output.Count + $result.Errors.Count | Should -Be 13 # one outcome per row: its contact, or its error
    }

    It 'a fatal 402 lets the sends in flight finish: they are refused, not unknown, and the next run sends each once' {
        $journal = Join-Path $TestDrive 'credit.journal'
        $rule = [Callbell.Sandbox.Faults.FaultRule]::new('ApiError'); $rule.Method = 'POST'; $rule.Path = '/v1/messages/send'
        $rule.Status = 402; $rule.Code = 'whatsapp_wallet_depleted_credit'; $rule.Message = 'Your wallet has no credit'
        $null = $slow.Faults.Add($rule)
        $rows = "1..30 | ForEach-Object { [pscustomobject]@{ PhoneNumber = '+39356{0:D7}' -f `$_ } }"

        $first = Invoke-Bounded "$rows | Send-CallbellMessage -Text 'Credit' -Journal '$journal'" 20

        "$($first.Failure.ErrorRecord.FullyQualifiedErrorId) $($first.Errors.FullyQualifiedErrorId)" | Should -Match 'Callbell\.whatsapp_wallet_depleted_credit\.402'
        $refused = @($slow.Journal.Requests | Where-Object Path -eq '/v1/messages/send').Count
        $refused | Should -BeGreaterThan 1                               # several were in flight when the first 402 came back
        Get-Content $journal | Should -Not -Match '"event":"unknown"'    # every one of them was answered, and recorded so

        $slow.Faults.Clear(); $slow.Journal.Reset()
        $second = Invoke-Bounded "$rows | Send-CallbellMessage -Text 'Credit' -Journal '$journal'" 30

        $second.Failure | Should -BeNullOrEmpty
        $second.Warnings | Should -BeNullOrEmpty
        @($slow.Journal.Acted | Where-Object Path -eq '/v1/messages/send').Count | Should -Be 30
    }

    It 'Select-Object -First lets the sends in flight finish and records them done: the next run sends only the rest' {
        $journal = Join-Path $TestDrive 'first.journal'
        $rows = "1..24 | ForEach-Object { [pscustomobject]@{ PhoneNumber = '+39357{0:D7}' -f `$_ } }"

        $first = Invoke-Bounded "$rows | Send-CallbellMessage -Text 'First' -Journal '$journal' | Select-Object -First 1" 20
        $first.Failure | Should -BeNullOrEmpty
        $sentFirst = @($slow.Journal.Acted | Where-Object Path -eq '/v1/messages/send').Count
        Get-Content $journal | Should -Not -Match '"event":"unknown"'
        @(Get-Content $journal | Where-Object { $_ -match '"event":"done"' }).Count | Should -Be $sentFirst

        $second = Invoke-Bounded "$rows | Send-CallbellMessage -Text 'First' -Journal '$journal' -WarningVariable w; `$w.Count" 30
        $sent = @($slow.Journal.Acted | Where-Object Path -eq '/v1/messages/send' | ForEach-Object { ([Text.Encoding]::UTF8.GetString($_.Body) | ConvertFrom-Json).to })
        $sent.Count | Should -Be 24
        @($sent | Group-Object | Where-Object Count -gt 1) | Should -BeNullOrEmpty
        "$($second.Warnings)" | Should -Match "$sentFirst item\(s\) skipped: done in an earlier run"
    }

    It 'a send answered 200 with a body the module cannot read is unknown, and the next run does not send it again' {
        $slow.Faults.Latency = [TimeSpan]::Zero
        $journal = Join-Path $TestDrive 'unreadable.journal'
        $rule = [Callbell.Sandbox.Faults.FaultRule]::new('PlainTextAfterActing'); $rule.Method = 'POST'; $rule.Path = '/v1/messages/send'; $rule.Times = 1
        $null = $slow.Faults.Add($rule)

        $first = Invoke-Bounded "[pscustomobject]@{ PhoneNumber = '+393580000001' } | Send-CallbellMessage -Text 'Once' -Journal '$journal'"
        $first.Errors[0].Exception.MayHaveTakenEffect | Should -BeTrue
        $first.Errors[0].ErrorDetails.Message | Should -Match 'may or may not have been sent'

        $second = Invoke-Bounded "[pscustomobject]@{ PhoneNumber = '+393580000001' } | Send-CallbellMessage -Text 'Once' -Journal '$journal'"
        "$($second.Warnings)" | Should -Match 'may or may not have done this \(message to \+393580000001\)'
        @($slow.Journal.Acted | Where-Object Path -eq '/v1/messages/send').Count | Should -Be 1
    }

    It 'a lost answer on a reused keep-alive connection is not sent again, by the module or by .NET' {
        $slow.Faults.Latency = [TimeSpan]::Zero
        # The first send opens the connection; the second goes over it, is acted on, and its answer is dropped.
        $rule = [Callbell.Sandbox.Faults.FaultRule]::new('DropAfterRequest'); $rule.Method = 'POST'; $rule.Path = '/v1/messages/send'; $rule.PassFirst = 1; $rule.Times = 1
        $null = $slow.Faults.Add($rule)

        $result = Invoke-Bounded "'+393590000001', '+393590000002', '+393590000003' | ForEach-Object { [pscustomobject]@{ PhoneNumber = `$_ } } | Send-CallbellMessage -Text 'Keep-alive' -ThrottleLimit 1"

        $acted = @($slow.Journal.Acted | Where-Object Path -eq '/v1/messages/send' | ForEach-Object { ([Text.Encoding]::UTF8.GetString($_.Body) | ConvertFrom-Json).to })
        $acted | Should -Be @('+393590000001', '+393590000002', '+393590000003')   # the second once: acted on, never resent
        @($slow.Journal.Requests | Where-Object Path -eq '/v1/messages/send').Count | Should -Be 3
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].Exception.MayHaveTakenEffect | Should -BeTrue
        $result.Output.To | Should -Be @('+393590000001', '+393590000003')
    }

    It 'a lowered budget rises again when the connection that lowered it is replaced or its runspace closes' {
        $slowToken = ConvertTo-SecureString $slow.Token -AsPlainText -Force
        try {
            Connect-Callbell -BaseUri $slow.BaseUri -Token $slowToken -RequestsPerSecond 1 -SkipValidation
            (Get-CallbellConnection -Default).RequestsPerSecond | Should -Be 1
            Connect-Callbell -BaseUri $slow.BaseUri -Token $slowToken -SkipValidation
            (Get-CallbellConnection -Default).RequestsPerSecond | Should -Be 300

            # A thread job connects with a budget of one request a second and ends without Disconnect-Callbell:
            # the budget is back to 300 once its runspace has closed.
            Start-ThreadJob -ScriptBlock {
                Import-Module $using:moduleManifest
                Connect-Callbell -BaseUri ($using:slow).BaseUri -Token $using:slowToken -RequestsPerSecond 1 -SkipValidation
                (Get-CallbellConnection -Default).RequestsPerSecond
            } | Receive-Job -Wait -AutoRemoveJob | Should -Be 1
            Wait-Journal { (Get-CallbellConnection -Default).RequestsPerSecond -eq 300 } 5

            # Runspaces of ForEach-Object -Parallel too.
            1..3 | ForEach-Object -Parallel {
                Import-Module $using:moduleManifest
                Connect-Callbell -BaseUri ($using:slow).BaseUri -Token $using:slowToken -RequestsPerSecond 1 -SkipValidation
            }
            Wait-Journal { (Get-CallbellConnection -Default).RequestsPerSecond -eq 300 } 5
        }
        finally {
            Connect-Sandbox
        }
    }
}

Describe 'The account: channels, teams, templates, funnels, statuses, plan' {
    BeforeAll {
        $script:account = Start-CallbellSandbox -Contacts 10
    }
    AfterAll {
        $account | Stop-CallbellSandbox
        Connect-Sandbox
    }

    It 'an audit: every active WhatsApp channel, and who is available in each team' {
        $channels = Get-CallbellChannel -Type whatsapp -Active -All
        $availability = Get-CallbellTeam | Get-CallbellTeamMember -All | Group-Object TeamUuid | ForEach-Object {
            [pscustomobject]@{ Team = (Get-CallbellTeam -Uuid $_.Name).Name; Available = @($_.Group | Where-Object Available).Count; Away = @($_.Group | Where-Object { -not $_.Available }).Count }
        }

        $channels.Title | Should -Be 'WhatsApp Main'
        $availability.Team | Sort-Object | Should -Be @('Billing', 'Sales', 'Support')
        ($availability | Measure-Object Available -Sum).Sum + ($availability | Measure-Object Away -Sum).Sum | Should -Be 9
        (Get-CallbellChannel -Title '*Italy*' -All).Discarded | Should -BeTrue
        (Get-CallbellChannel -Active:$false).Title | Should -Be 'WhatsApp Italy (old number)'
    }

    It 'renames a team with -WhatIf (nothing sent), then for real' {
        $account.Journal.Reset()

        Get-CallbellTeam -Name 'Sup*' | Set-CallbellTeam -Name 'Customer Care' -WhatIf

        @($account.Journal.Requests | Where-Object Method -eq 'PATCH').Count | Should -Be 0
        (Get-CallbellTeam -Name 'Sup*').Name | Should -Be 'Support'

        $renamed = Get-CallbellTeam -Name 'Sup*' | Set-CallbellTeam -Name 'Customer Care' -PassThru

        $renamed.Name | Should -Be 'Customer Care'
        (Get-CallbellTeam -Uuid $renamed.Uuid).Name | Should -Be 'Customer Care'
    }

    It 'renames a channel and a template, each sending only the new title' {
        $account.Journal.Reset()

        $channel = Get-CallbellChannel -Title 'Telegram Bot' | Set-CallbellChannel -Title 'Telegram Support' -PassThru
        $template = Get-CallbellTemplate -Title 'Invoice' -All | Set-CallbellTemplate -Title 'Invoice (2026)' -PassThru

        $channel.Title | Should -Be 'Telegram Support'
        $template.Title | Should -Be 'Invoice (2026)'
        (Get-CallbellTemplate -Uuid $template.Uuid).Title | Should -Be 'Invoice (2026)'
        @($account.Journal.Requests | Where-Object Method -eq 'PATCH' | ForEach-Object { [Text.Encoding]::UTF8.GetString($_.Body) }) | Should -Be @('{"title":"Telegram Support"}', '{"title":"Invoice (2026)"}')
    }

    It 'completes a team name to its uuid, and a name with a space quoted' {
        $uuid = (Get-CallbellTeam -Name 'Sales').Uuid

        $byName = Complete 'Get-CallbellContact -TeamUuid Sal'
        $quoted = Complete 'Get-CallbellTeam -Name Cust'

        $byName.CompletionText | Should -Be $uuid
        $byName.ListItemText | Should -Be 'Sales'
        $quoted.CompletionText | Should -Be "'Customer Care'"
    }

    It 'completes channels, templates, funnels and custom statuses to their ids' {
        (Complete 'Get-CallbellContact -PhoneNumber 1 -ChannelUuid Insta').CompletionText | Should -Be 'c2b3d4e5f6a7081928374a5b6c7d8e9f'
        (Complete 'Get-CallbellTemplate -Uuid Invoice').CompletionText | Should -Be (Get-CallbellTemplate -Title 'Invoice*' -All).Uuid
        (Complete 'Set-CallbellUserStatus -UserUuid x -CustomStatusId Lunch').CompletionText | Should -Be '8d4e2a1b-6c3f-4e7d-a5b9-0c1d2e3f4a5b'
    }

    It 'caches completion lists per connection, and a slow API completes nothing rather than hang the prompt' {
        $null = Complete 'Get-CallbellTeamMember -TeamUuid Bil'
        $account.Journal.Reset()

        $again = Complete 'Get-CallbellTeamMember -TeamUuid Bil'

        $again.ListItemText | Should -Be 'Billing'
        $account.Journal.Count | Should -Be 0

        # Another connection has its own, empty cache.
        Connect-Callbell -BaseUri $account.BaseUri -Token (ConvertTo-SecureString $account.Token -AsPlainText -Force) -TimeoutSec 77
        $account.Faults.Latency = [TimeSpan]::FromSeconds(5)
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $slow = Complete 'Get-CallbellContact -PhoneNumber 1 -ChannelUuid Tele'
            $clock.Stop()
        }
        finally { $account.Faults.Latency = [TimeSpan]::Zero }

        $slow | Should -BeNullOrEmpty
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 4.5
    }

    It 'filters templates by status and category on the client side' {
        $approved = Get-CallbellTemplate -Status approved -Category UTILITY -All

        $approved.Title | Should -Be @('Appointment reminder', 'Order shipped')
        @($account.Journal.Requests | Where-Object { $_.Path -eq '/v1/templates' -and $_.Target -match 'status|category' }).Count | Should -Be 0
    }

    It 'creates, renames and deletes a custom status, confirming the delete unless -Force' {
        $created = New-CallbellCustomStatus -Name 'Training'
        $created | Set-CallbellCustomStatus -Name 'Training day'
        $created | Remove-CallbellCustomStatus -WhatIf
        (Get-CallbellCustomStatus -Id $created.Id).Name | Should -Be 'Training day'

        $created | Remove-CallbellCustomStatus -Force

        (Get-CallbellCustomStatus -All).Id | Should -Not -Contain $created.Id
        (Get-Command Remove-CallbellCustomStatus).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).ConfirmImpact | Should -Be 'High'
    }

    It 'sets a user away in a meeting, then unassigns the custom status with $null' {
        $user = 'a1b2c3d4e5f60718293a4b5c6d7e8f01'

        Set-CallbellUserStatus -UserUuid $user -Available:$true | Should -BeNullOrEmpty # like every Set-: nothing without -PassThru
        $away = Set-CallbellUserStatus -UserUuid $user -Available:$false -CustomStatusId 3b9c1f0e-7a2d-4c55-9e61-2f8d4a6b7c10 -PassThru
        $unassigned = Set-CallbellUserStatus -UserUuid $user -CustomStatusId $null -PassThru
        Clear-CallbellUserStatus -UserUuid $user

        $away.Available | Should -BeFalse
        $away.CustomStatus.Name | Should -Be 'In a meeting'
        $unassigned.CustomStatus | Should -BeNullOrEmpty
        [Text.Encoding]::UTF8.GetString(($account.Journal.Requests | Where-Object Method -eq 'PUT')[-1].Body) | Should -Be '{"custom_status_uuid":null}'
        ($account.Journal.Requests | Where-Object Method -eq 'DELETE')[-1].Path | Should -Be "/v1/users/$user/status"
    }

    It 'shows the plan with free licences, and funnels by wildcard name' {
        $plan = Get-CallbellPlan

        $plan.FreeLicenses | Should -Be 7
        ($plan | Format-List | Out-String) | Should -Match 'Teams\s*:\s*Sales, Customer Care, Billing'
        (Get-CallbellFunnel -Name 'Qual*').Uuid | Should -Be '5f2b6c1d-3e4a-4b8c-9d0e-1f2a3b4c5d6e'
    }

    It 'refuses a team uuid with path characters before any request, naming the parameter' {
        $account.Journal.Reset()

        Get-CallbellTeamMember -TeamUuid 'x/../teams' -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures[0].Exception.ParameterName | Should -Be 'TeamUuid'
        $account.Journal.Count | Should -Be 0
    }
}

Describe 'Contacts: the CSV round trip, writes, conversations and bots' {
    BeforeAll {
        $script:crm = Start-CallbellSandbox -Contacts 40
        function Bodies([string] $method) { $crm.Journal.Requests | Where-Object Method -eq $method | ForEach-Object { [Text.Encoding]::UTF8.GetString($_.Body) } }
    }
    AfterAll {
        $crm | Stop-CallbellSandbox
        Connect-Sandbox
    }

    It 'Export-Csv, edit a tag, a text field and a checkbox in the file, Import-Csv | Set-CallbellContact sends only those cells' {
        $path = Join-Path $TestDrive 'contacts.csv'
        Get-CallbellContact -All -IncludeFieldType | Export-Csv -Path $path -NoTypeInformation
        $rows = Import-Csv -Path $path
        $target = $rows | Where-Object { $_.CustomFields -match 'Interests' } | Select-Object -First 1
        $fields = [Callbell.CustomFieldSet]::Parse($target.CustomFields)
        $fields['Plan'] = 'Platinum'
        $fields['Interests'] = '["Support"]'
        $target.CustomFields = $fields.ToString()
        $target.Tags = 'vip, customer'
        $rows | Export-Csv -Path $path -NoTypeInformation
        $crm.Journal.Reset()

        Import-Csv -Path $path | Set-CallbellContact

        @(Bodies 'PATCH') | Should -Be @('{"tags":["vip","customer"],"custom_fields":{"Plan":"Platinum","Interests":["Support"]}}')
        @($crm.Journal.Requests | Where-Object Method -eq 'GET').Count | Should -Be 40
        $after = Get-CallbellContact -Uuid $target.Uuid -IncludeFieldType
        $after.Tags | Should -Be @('vip', 'customer')
        $after.CustomFields.Plan | Should -Be 'Platinum'
        $after.CustomFieldsMetadata['Interests'].Value | Should -Be @('Support')
    }

    It 'a changed phone cell is an error for its row, naming the row; the other rows go on' {
        $rows = Get-CallbellContact -First 3 | Select-Object Uuid, Name, PhoneNumber
        $rows[1].PhoneNumber = '+15550001'
        $rows[2].Name = 'Changed Name'
        $crm.Journal.Reset()

        $rows | Set-CallbellContact -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].ErrorDetails.Message | Should -BeLike 'Row 2: The phone number cannot be changed*'
        $failures[0].Exception.ParameterName | Should -Be 'PhoneNumber'
        @(Bodies 'PATCH') | Should -Be @('{"name":"Changed Name"}')
    }

    It '-WhatIf reads, says what would change, and sends no change' {
        $crm.Journal.Reset()

        # "What if:" goes to the host, so a transcript is what hears it.
        $transcript = Join-Path $TestDrive 'whatif.txt'
        $null = Start-Transcript -Path $transcript
        Get-CallbellContact -First 2 | Set-CallbellContact -AddTag churned -WhatIf
        $null = Stop-Transcript
        $said = Get-Content $transcript -Raw
        $patches = @($crm.Journal.Requests | Where-Object Method -eq 'PATCH')

        $patches.Count | Should -Be 0
        $said | Should -Match "Set tags to '.*churned'"
    }

    It 'creates contacts from a CSV, reporting a bad row by number' {
        $path = Join-Path $TestDrive 'new.csv'
        @(
            [pscustomobject]@{ PhoneNumber = '+39 333 5550001'; Source = 'whatsapp'; Name = 'Nuova Uno'; Tags = 'lead'; CustomFields = '{"Plan":"Gold","Seats":"3"}' }
            [pscustomobject]@{ PhoneNumber = '+39 333 5550002'; Source = 'whatsapp'; Name = 'Nuova Due'; Tags = 'lead, nosuchtag'; CustomFields = '' }
            [pscustomobject]@{ PhoneNumber = '+39 333 5550003'; Source = 'telegram'; Name = 'Nuova Tre'; Tags = ''; CustomFields = '' }
        ) | Export-Csv -Path $path -NoTypeInformation

        $created = Import-Csv -Path $path | New-CallbellContact -ErrorVariable failures -ErrorAction SilentlyContinue

        $created.Name | Should -Be @('Nuova Uno', 'Nuova Tre')
        $failures.Count | Should -Be 1
        $failures[0].ErrorDetails.Message | Should -BeLike 'Row 2:*tags*nosuchtag*'
        (Get-CallbellContact -PhoneNumber '+39 333 5550001').CustomFields.Plan | Should -Be 'Gold'
    }

    It 'Remove-CallbellContact asks first (High), and Get-CallbellContact -Tag x -All | Remove-CallbellContact -Confirm:$false removes them all' {
        (Get-Command Remove-CallbellContact).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).ConfirmImpact | Should -Be 'High'
        $churned = @(Get-CallbellContact -Tag churned -All)
        $churned.Count | Should -BeGreaterThan 0
        $before = (Get-CallbellContact -All).Count

        Get-CallbellContact -Tag churned -All | Remove-CallbellContact -WhatIf
        (Get-CallbellContact -All).Count | Should -Be $before

        Get-CallbellContact -Tag churned -All | Remove-CallbellContact -Confirm:$false

        @(Get-CallbellContact -Tag churned -All).Count | Should -Be 0
        (Get-CallbellContact -All).Count | Should -Be ($before - $churned.Count)
    }

    It 'pipeline input runs in parallel, writes results in input order, and never loses an update to one contact' {
        $crm.Faults.Latency = [TimeSpan]::FromMilliseconds(50)
        try {
            $uuids = (Get-CallbellContact -First 16).Uuid
            $crm.Journal.Reset()
            $found = $uuids | Get-CallbellContact -ThrottleLimit 8
            $peak = $crm.Journal.PeakInFlight

            # Three rows for one contact, each adding a tag: were their read-change-write cycles to
            # overlap, a later write would drop an earlier row's tag.
            $one = $uuids[0]
            Set-CallbellContact -Uuid $one -Tag vip
            'lead', 'customer', 'newsletter' | ForEach-Object { [pscustomobject]@{ Uuid = $one; AddTag = $_ } } |
                Set-CallbellContact -ThrottleLimit 8
        }
        finally { $crm.Faults.Latency = [TimeSpan]::Zero }

        $found.Uuid | Should -Be $uuids
        $peak | Should -BeGreaterThan 4
        $peak | Should -BeLessOrEqual 8
        (Get-CallbellContact -Uuid $one).Tags | Sort-Object | Should -Be @('customer', 'lead', 'newsletter', 'vip')
    }

    It 'a failing item is an error for that item; the others are done' {
        $uuids = (Get-CallbellContact -First 3).Uuid
        $items = $uuids[0], 'ffffffffffffffffffffffffffffffff', $uuids[1]

        $bots = $items | Start-CallbellContactBot -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue

        $bots.ContactUuid | Should -Be @($uuids[0], $uuids[1])
        $bots.Status | Should -Be @('started', 'started')
        $failures.Count | Should -Be 1
        $failures[0].TargetObject | Should -Be 'ffffffffffffffffffffffffffffffff'
        ($uuids[0] | Get-CallbellContactBot).Status | Should -Be 'started'
        ($uuids[0] | Stop-CallbellContactBot -PassThru).Status | Should -Be 'ended'
    }

    It 'conversations: close, reopen, a note, a funnel, the history newest first' {
        $contact = Get-CallbellContact -First 1

        ($contact | Close-CallbellConversation -PassThru).ClosedAt | Should -Not -BeNullOrEmpty
        ($contact | Open-CallbellConversation -PassThru).ClosedAt | Should -BeNullOrEmpty
        $contact | Add-CallbellConversationNote -Text 'Called back @anna'
        ($contact | Set-CallbellConversationFunnel -FunnelId 9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d -PassThru).FunnelId | Should -Be '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d'
        $messages = $contact | Get-CallbellContactMessage -All

        $crm.State.Notes[$contact.Uuid] | Should -Be @('Called back @anna')
        $messages.Count | Should -Be 45
        $messages[0].CreatedAt | Should -BeGreaterThan $messages[-1].CreatedAt
        (Complete 'Set-CallbellConversationFunnel -Uuid x -FunnelId Won').CompletionText | Should -Be '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d'
    }

    It 'Ctrl+C stops a throttled pipeline promptly' {
        $slow = Start-CallbellSandbox -Contacts 50 -NoConnect
        try {
            $slow.Faults.Latency = [TimeSpan]::FromSeconds(30)
            $ps = [PowerShell]::Create()
            $null = $ps.AddScript("Import-Module '$(Join-Path (Get-Module Callbell).ModuleBase 'Callbell.psd1')'; Connect-Callbell -BaseUri '$($slow.BaseUri)' -Token (ConvertTo-SecureString '$($slow.Token)' -AsPlainText -Force) -SkipValidation; 0..20 | ForEach-Object { [pscustomobject]@{ Uuid = '{0:x32}' -f `$_ } } | Set-CallbellContact -Name X -Force")
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ($slow.Journal.InFlight -lt 8 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $slow.Journal.InFlight | Should -BeGreaterOrEqual 8
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
            $async.IsCompleted | Should -BeTrue
        }
        finally {
            $slow | Stop-CallbellSandbox
        }
    }
}

Describe 'Messages: send, follow, delete, never twice' {
    BeforeAll {
        $script:msg = Start-CallbellSandbox -Contacts 20
        $script:reminder = '7e00a1b2c3d4e5f60718293a4b5c6d7e8'
        function Sends { @($msg.Journal.Requests | Where-Object Path -eq '/v1/messages/send') }
    }
    AfterAll {
        $msg | Stop-CallbellSandbox
        Connect-Sandbox
    }

    It 'Import-Csv reminders.csv | Send-CallbellMessage -TemplateUuid -TemplateValue { ... } sends one template per row' {
        $path = Join-Path $TestDrive 'reminders.csv'
        @(
            [pscustomobject]@{ PhoneNumber = '+393330000001'; Name = 'Anna'; Date = 'Monday'; Time = '10:00' }
            [pscustomobject]@{ PhoneNumber = '+393330000002'; Name = 'Marco'; Date = 'Tuesday'; Time = '11:30' }
        ) | Export-Csv -Path $path -NoTypeInformation
        $msg.Journal.Reset()

        $sent = Import-Csv -Path $path | Send-CallbellMessage -TemplateUuid $reminder -TemplateValue { $_.Name, $_.Date, $_.Time } -Metadata @{ campaign = 'reminders' } -Verbose 4>&1 |
            Where-Object { $_ -is [Callbell.MessageSendRequest] -or ($_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'main whatsapp channel') }

        $requests = @($sent | Where-Object { $_ -is [Callbell.MessageSendRequest] })
        $requests.To | Should -Be @('+393330000001', '+393330000002')
        $requests.Status | Should -Be @('enqueued', 'enqueued')
        @($sent | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -Be 1
        $bodies = Sends | ForEach-Object { [Text.Encoding]::UTF8.GetString($_.Body) }
        # Sends run side by side, so they may reach the server in either order.
        $marco = @($bodies | Where-Object { $_ -match '"to":"\+393330000002"' })
        $marco.Count | Should -Be 1
        $marco[0] | Should -Match '"template_values":\["Marco","Tuesday","11:30"\]'
        $marco[0] | Should -Match '"optin_contact":true'
        $marco[0] | Should -Match '"metadata":\{"campaign":"reminders"\}'
    }

    It '-WhatIf sends nothing, and a recipient gets one message per command unless -AllowDuplicateRecipient' {
        $msg.Journal.Reset()

        Send-CallbellMessage -To +393330000003 -Text 'Hi' -WhatIf
        (Sends).Count | Should -Be 0

        '+393330000004', '+39 333 000 0004' | ForEach-Object { [pscustomobject]@{ PhoneNumber = $_ } } |
            Send-CallbellMessage -Text 'Once' -ErrorVariable dupes -ErrorAction SilentlyContinue
        (Sends).Count | Should -Be 1
        $dupes[0].ErrorDetails.Message | Should -Match 'Row 2: A message was already sent to'

        # A -WhatIf run counts nobody as sent to: the real run that follows still sends.
        Send-CallbellMessage -To +393330000006 -Text 'Hi' -WhatIf
        Send-CallbellMessage -To +393330000006 -Text 'Hi' | Should -Not -BeNullOrEmpty
        (Sends).Count | Should -Be 2
    }

    It 'Send-CallbellMessage ... | Wait-CallbellMessage -TimeoutSec 10 writes the message once delivered' {
        $done = Send-CallbellMessage -To +393330000005 -Type image -Url https://example.com/map.png -Caption 'How to find us' | Wait-CallbellMessage -TimeoutSec 10

        $done.Status | Should -Be 'delivered'
        ($done | Get-CallbellMessageStatus).Status | Should -Be 'read'
        $done | Remove-CallbellMessage -Force
        ($done | Get-CallbellMessageStatus).Status | Should -Be 'deleted'
    }

    It 'delivery results keep whom they went to, and the metadata exports to CSV as JSON' {
        $sent = Send-CallbellMessage -To +393330000008 -Text 'Ticket update' -Metadata @{ ticket = 'T-7' }
        $csv = Join-Path $TestDrive 'sent.csv'

        $done = $sent | Wait-CallbellMessage -TimeoutSec 10
        $status = Get-CallbellMessageStatus -Uuid $sent.Uuid
        $done, $sent | Export-Csv -Path $csv -NoTypeInformation

        $done.To | Should -Be '+393330000008'
        $status.To | Should -Be '+393330000008'
        $status.Metadata['ticket'] | Should -Be 'T-7'
        (Import-Csv $csv).Metadata | Should -Be @('{"ticket":"T-7"}', '{"ticket":"T-7"}')
        ($done | Format-Table | Out-String) | Should -Match '\+393330000008'
    }

    It 'a send that may have gone out is not repeated, and its error names the recipient and metadata' {
        $rule = $msg.Faults.Add([Callbell.Sandbox.Faults.FaultRule]::new('ServerError'))
        $rule.Method = 'POST'; $rule.Times = 1
        $msg.Journal.Reset()

        $sent = '+393330000006', '+393330000007' | ForEach-Object { [pscustomobject]@{ PhoneNumber = $_ } } |
            Send-CallbellMessage -Text 'Alert' -Metadata @{ ticket = 'T-42' } -ErrorVariable failures -ErrorAction SilentlyContinue

        # The two sends run side by side: either may be the one that meets the 500.
        (Sends).Count | Should -Be 2
        @($sent).Count | Should -Be 1
        $failures.Count | Should -Be 1
        $failures[0].ErrorDetails.Message | Should -Match 'may or may not have been sent \(metadata ticket=T-42\)'
        @($failures[0].TargetObject.PhoneNumber, $sent.To) | Sort-Object | Should -Be @('+393330000006', '+393330000007')
        $failures[0].TargetObject | Should -BeOfType [pscustomobject] # the input row, to export and send again
    }

    It 'a depleted WhatsApp wallet stops a bulk template send at once, after writing what was sent' {
        $msg.Journal.Reset()
        $script:sentBefore = @()
        $rows = 1..6 | ForEach-Object { [pscustomobject]@{ PhoneNumber = '+39333000001' + $_ } }
        $rule = $msg.Faults.Add([Callbell.Sandbox.Faults.FaultRule]::new('ApiError'))
        $rule.Method = 'POST'; $rule.PassFirst = 2; $rule.Status = 402; $rule.Code = 'whatsapp_wallet_depleted_credit'; $rule.Message = 'WhatsApp credit depleted'

        $err = { $rows | Send-CallbellMessage -TemplateUuid $reminder -TemplateValue x -ThrottleLimit 1 | ForEach-Object { $script:sentBefore += $_ } } | Should -Throw -PassThru
        $msg.Faults.Clear()

        $err.FullyQualifiedErrorId | Should -BeLike 'Callbell.whatsapp_wallet_depleted_credit.402*'
        $sentBefore.Count | Should -Be 2
        (Sends).Count | Should -Be 3
    }

    It 'refuses bad input before any request, naming the parameter' {
        $msg.Journal.Reset()

        Send-CallbellMessage -To +393330000001 -Type image -Url 'ftp://example.com/x.png' -ErrorVariable e1 -ErrorAction SilentlyContinue
        Send-CallbellMessage -To +393330000001 -Text x -Metadata @{ ('k' * 51) = 'v' } -ErrorVariable e2 -ErrorAction SilentlyContinue

        $e1[0].Exception.ParameterName | Should -Be 'Url'
        $e2[0].Exception.ParameterName | Should -Be 'Metadata'
        $msg.Journal.Count | Should -Be 0
        # -Type with -Text is neither a media message (it needs -Url) nor a template (it needs -TemplateUuid).
        { Send-CallbellMessage -To +393330000001 -Type image -Text x -ErrorAction Stop } | Should -Throw -ErrorId 'MissingMandatoryParameter*'
        $msg.Journal.Count | Should -Be 0
    }
}

Describe 'Bring your CRM: rows keyed by phone number' {
    BeforeAll {
        $script:crmbox = Start-CallbellSandbox -Contacts 20
        function script:Phone([int] $i) { [Callbell.Sandbox.Data.ContactGenerator]::PhoneFor($i) }
        function script:Posts { @($crmbox.Journal.Requests | Where-Object { $_.Method -eq 'POST' -and $_.Path -eq '/v1/contacts' }) }
        function script:Connect-Crm { Connect-Callbell -BaseUri $crmbox.BaseUri -Token (ConvertTo-SecureString $crmbox.Token -AsPlainText -Force) -SkipValidation }
    }
    AfterAll {
        $crmbox | Stop-CallbellSandbox
        Connect-Sandbox
    }

    It 'finds each row by phone, sends only what differs, creates what is missing once, and says what happened to each row' {
        $path = Join-Path $TestDrive 'crm.csv'
        $one = (Phone 1) -replace '^\+39333', '+39 333 '   # as a CRM writes it
        @(
            [pscustomobject]@{ PhoneNumber = $one; Name = ''; Note = 'Called on Monday'; Tags = '' }
            [pscustomobject]@{ PhoneNumber = (Phone 2); Name = ''; Note = ''; Tags = '' }
            [pscustomobject]@{ PhoneNumber = '+39 333 999 0001'; Name = 'Nuova Cliente'; Note = 'From the CRM'; Tags = 'lead' }
            [pscustomobject]@{ PhoneNumber = '+393339990001'; Name = ''; Note = 'Second row, same number'; Tags = '' }
        ) | Export-Csv -Path $path -NoTypeInformation
        $crmbox.Journal.Reset()

        $results = Import-Csv -Path $path | Set-CallbellContact -CreateMissing -Source whatsapp -PassThru

        $results.SyncAction | Should -Be @('Updated', 'Unchanged', 'Created', 'Updated')
        $results.SyncRow | Should -Be @(1, 2, 3, 4)
        $results[0].ChangedFields | Should -Be 'note'
        $results[0].Note | Should -Be 'Called on Monday'
        $results[2].Name | Should -Be 'Nuova Cliente'
        $results[0] | Should -BeOfType Callbell.Contact
        $results[3].Uuid | Should -Be $results[2].Uuid                              # the second row updated the contact the first created
        (Posts).Count | Should -Be 1                                               # created once
        [Text.Encoding]::UTF8.GetString((Posts)[0].Body) | Should -Match '"identifier":"\+393339990001".*"source":"whatsapp".*"name":"Nuova Cliente"'
        (Get-CallbellContact -PhoneNumber '+39 333 999 0001').Note | Should -Be 'Second row, same number'
        @($crmbox.Journal.Requests | Where-Object Method -eq 'PATCH').Count | Should -Be 2
        @($crmbox.Journal.Requests | Where-Object { $_.Method -eq 'PATCH' } | ForEach-Object { [Text.Encoding]::UTF8.GetString($_.Body) }) | Should -Not -Match 'phone|identifier'
    }

    It 'a row keyed by uuid and rows keyed by the same number in other spellings are applied one after another: no tag is lost' {
        $slowCrm = [Callbell.Sandbox.SandboxServer]::Start([Callbell.Sandbox.SandboxOptions]@{ Contacts = 20 })
        try {
            $slowCrm.Faults.Latency = [TimeSpan]::FromMilliseconds(150)   # the reads overlap unless the engine orders them
            $connection = Connect-Callbell -BaseUri $slowCrm.BaseUri -Token (ConvertTo-SecureString $slowCrm.Token -AsPlainText -Force) -SkipValidation -PassThru
            $uuid = [Callbell.Sandbox.Data.ContactGenerator]::UuidFor(5)
            $null = Set-CallbellContact -Uuid $uuid -Tag 'lead' -Connection $connection
            $before = @('lead')
            $added = 'vip', 'customer', 'newsletter'
            $rows = @(
                [pscustomobject]@{ Uuid = $uuid; AddTag = $added[0] }
                [pscustomobject]@{ PhoneNumber = '0039 333 000 0005'; AddTag = $added[1] }
                [pscustomobject]@{ PhoneNumber = '+39 333 000 0005'; AddTag = $added[2] }
            )

            $null = $rows | Set-CallbellContact -Connection $connection

            $after = @((Get-CallbellContact -Uuid $uuid -Connection $connection).Tags)
            foreach ($tag in $before + $added) { $after | Should -Contain $tag }
        }
        finally {
            $slowCrm.Dispose()
            Connect-Crm
        }
    }

    It 'one number written three ways is one person: found, never created twice; a national number needs a country' {
        $crmbox.Journal.Reset()
        $rows = @(
            [pscustomobject]@{ PhoneNumber = '+39 333 765 4321'; Name = 'Tre Modi'; Note = 'plus' }
            [pscustomobject]@{ PhoneNumber = '0039 333 765 4321'; Name = 'Tre Modi'; Note = 'double zero' }
            [pscustomobject]@{ PhoneNumber = '333 765 4321'; Name = 'Tre Modi'; Note = 'national' }
        )

        $null = $rows | Set-CallbellContact -CreateMissing -Source whatsapp -ErrorVariable refused -ErrorAction SilentlyContinue
        (Posts).Count | Should -Be 1
        $refused.Count | Should -Be 1
        $refused[0].ErrorDetails.Message | Should -Match "^Row 3: PhoneNumber '333 765 4321' has no country code"
        $refused[0].Exception.RecommendedAction | Should -Match '-DefaultCountryCode'

        $null = $rows | Set-CallbellContact -CreateMissing -Source whatsapp -DefaultCountryCode IT
        (Posts).Count | Should -Be 1
        (Get-CallbellContact -PhoneNumber '333 765 4321' -DefaultCountryCode 39).Note | Should -Be 'national'

        # Once for the session: Connect-Callbell -DefaultCountryCode, or $env:CALLBELL_DEFAULT_COUNTRY_CODE.
        $env:CALLBELL_DEFAULT_COUNTRY_CODE = 'IT'
        try {
            Disconnect-Callbell
            $env:CALLBELL_API_TOKEN = $crmbox.Token; $env:CALLBELL_BASE_URI = $crmbox.BaseUri.AbsoluteUri
            (Get-CallbellContact -PhoneNumber '333 765 4321').Note | Should -Be 'national'
        }
        finally {
            Remove-Item env:CALLBELL_DEFAULT_COUNTRY_CODE, env:CALLBELL_API_TOKEN, env:CALLBELL_BASE_URI -ErrorAction SilentlyContinue
            Connect-Crm
        }
        { Get-CallbellContact -PhoneNumber '333 765 4321' -DefaultCountryCode Italy -ErrorAction Stop } | Should -Throw '*is not a country*'
    }

    It '-Property applies only the named columns: an old export cannot undo a newer change to the others' {
        $uuid = [Callbell.Sandbox.Data.ContactGenerator]::UuidFor(7)
        $old = Get-CallbellContact -Uuid $uuid | Select-Object Uuid, Name, Note, @{ n = 'Tags'; e = { 'vip' } }
        $null = Set-CallbellContact -Uuid $uuid -Note 'changed in Callbell since the export'
        $crmbox.Journal.Reset()

        $null = $old | Set-CallbellContact -Property Tags

        $now = Get-CallbellContact -Uuid $uuid
        $now.Note | Should -Be 'changed in Callbell since the export'
        @($now.Tags) | Should -Be @('vip')
        [Text.Encoding]::UTF8.GetString(@($crmbox.Journal.Requests | Where-Object Method -eq 'PATCH')[0].Body) | Should -Be '{"tags":["vip"]}'
    }

    It 'the "already sent to" rule sees one recipient however the number is written' {
        $crmbox.Journal.Reset()

        $sent = '+39 333 000 0001', '0039 333 000 0001', '393330000001' | ForEach-Object { [pscustomobject]@{ To = $_ } } |
            Send-CallbellMessage -Text 'Once' -ErrorVariable twice -ErrorAction SilentlyContinue

        @($sent).Count | Should -Be 1
        $twice.Count | Should -Be 2
        $twice | ForEach-Object { $_.ErrorDetails.Message | Should -Match 'A message was already sent to \+393330000001' }
        @($crmbox.Journal.Acted | Where-Object Path -eq '/v1/messages/send').Count | Should -Be 1
    }

    It 'a stale export re-imported sends only the cells edited in the file, and warns on a cell changed on both sides' {
        $path = Join-Path $TestDrive 'last-week.csv'
        $uuids = 9, 10, 11 | ForEach-Object { [Callbell.Sandbox.Data.ContactGenerator]::UuidFor($_) }
        $uuids | Get-CallbellContact | Export-Csv -Path $path -NoTypeInformation

        # A week passes: people change contacts in Callbell.
        $null = Set-CallbellContact -Uuid $uuids[0] -Note 'called on Tuesday (in Callbell)'
        $null = Set-CallbellContact -Uuid $uuids[1] -Note 'newer note (in Callbell)'
        # Meanwhile someone edits the file: a new name for the first, a new note for the second.
        $rows = Import-Csv $path
        $rows[0].Name = 'Renamed in the file'
        $rows[1].Note = 'edited in the file'
        $crmbox.Journal.Reset()

        $null = $rows | Set-CallbellContact -WarningVariable said -WarningAction SilentlyContinue

        $first = Get-CallbellContact -Uuid $uuids[0]
        $first.Name | Should -Be 'Renamed in the file'                       # edited in the file: applied
        $first.Note | Should -Be 'called on Tuesday (in Callbell)'           # not edited in the file: Callbell's newer value stays
        (Get-CallbellContact -Uuid $uuids[1]).Note | Should -Be 'newer note (in Callbell)'   # changed on both sides: left out
        "$said" | Should -Match "^Row 2: contact $($uuids[1]): Note was changed both in the file \('edited in the file'\) and in Callbell since the export"
        $patches = @($crmbox.Journal.Requests | Where-Object Method -eq 'PATCH' | ForEach-Object { [Text.Encoding]::UTF8.GetString($_.Body) })
        $patches | Should -Be @('{"name":"Renamed in the file"}')             # the third row was not edited: nothing sent
    }

    It 'dates and numbers in CSV cells read the same in every culture; a guess is the row''s error naming the field' {
        $uuid = [Callbell.Sandbox.Data.ContactGenerator]::UuidFor(8)
        $before = [Globalization.CultureInfo]::CurrentCulture
        try {
            [Globalization.CultureInfo]::CurrentCulture = 'de-DE'
            $null = [pscustomobject]@{ Uuid = $uuid; CustomFields = '{"Renewal":"2026-01-01"}' } | Set-CallbellContact   # the contact has the field: its type is known
            $crmbox.Journal.Reset()
            $null = '{"Renewal":"03/04/2026"}', '{"Seats":"3,5"}' | ForEach-Object { [pscustomobject]@{ Uuid = $uuid; CustomFields = $_ } } |
                Set-CallbellContact -ErrorVariable bad -ErrorAction SilentlyContinue
            $bad.Count | Should -Be 2
            $bad[0].ErrorDetails.Message | Should -Match "^Row 1: CustomField 'Renewal' is a date field; '03/04/2026' is not an ISO date"
            $bad[1].ErrorDetails.Message | Should -Match "^Row 2: CustomField 'Seats' is a number field; '3,5'"
            @($crmbox.Journal.Requests | Where-Object Method -eq 'PATCH').Count | Should -Be 0   # refused before any request

            $null = [pscustomobject]@{ Uuid = $uuid; CustomFields = '{"Renewal":"2026-03-04","Seats":"3.5"}' } | Set-CallbellContact
            $now = (Get-CallbellContact -Uuid $uuid).CustomFields
            "$($now['Renewal'])" | Should -Match '^2026-03-04'
            "$($now['Seats'])" | Should -Be '3.5'
        }
        finally { [Globalization.CultureInfo]::CurrentCulture = $before }
    }

    It '-MatchLocally reads the account once and matches rows there: no lookup per row, the same outcome' {
        $null = Set-CallbellContact -Uuid ([Callbell.Sandbox.Data.ContactGenerator]::UuidFor(4)) -Tag 'lead'
        $crmbox.Journal.Reset()
        $rows = @(
            [pscustomobject]@{ PhoneNumber = '+39 333 000 0002'; Note = 'matched locally' }       # held as "39333…" by the account
            [pscustomobject]@{ PhoneNumber = '0039 333 000 0004'; AddTag = 'vip' }                 # held as "+39 333 000 0004"
            [pscustomobject]@{ PhoneNumber = '+39 333 000 0004'; AddTag = 'newsletter' }           # the same contact: sees the row before
            [pscustomobject]@{ PhoneNumber = '+39 333 555 0001'; Name = 'Locale'; Note = 'new' }
            [pscustomobject]@{ PhoneNumber = '+39 333 555 0001'; Name = 'Locale'; Note = 'new, again' }
        )

        $results = $rows | Set-CallbellContact -CreateMissing -Source whatsapp -MatchLocally -PassThru

        $results.SyncAction | Should -Be @('Updated', 'Updated', 'Updated', 'Created', 'Updated')
        @($crmbox.Journal.Requests | Where-Object Path -like '/v1/contacts/phone/*').Count | Should -Be 0
        @($crmbox.Journal.Requests | Where-Object { $_.Method -eq 'GET' -and $_.Path -eq '/v1/contacts' }).Count | Should -BeGreaterThan 0
        (Posts).Count | Should -Be 1
        $tags = @((Get-CallbellContact -PhoneNumber '+39 333 000 0004').Tags)
        $tags | Should -Contain 'vip'
        $tags | Should -Contain 'newsletter'
        (Get-CallbellContact -PhoneNumber '+39 333 555 0001').Note | Should -Be 'new, again'
    }

    It 'a number created once in a run is never created again, even when the phone lookup does not see it yet' {
        # The reference does not promise that GET /contacts/phone finds a contact the moment it was created.
        $lagging = [Callbell.Sandbox.SandboxServer]::Start([Callbell.Sandbox.SandboxOptions]@{ Contacts = 5; PhoneIndexDelay = [TimeSpan]::FromSeconds(60) })
        try {
            $connection = Connect-Callbell -BaseUri $lagging.BaseUri -Token (ConvertTo-SecureString $lagging.Token -AsPlainText -Force) -SkipValidation -PassThru
            $rows = @(
                [pscustomobject]@{ PhoneNumber = '+39 333 444 0001'; Name = 'Nuova' }
                [pscustomobject]@{ PhoneNumber = '+39 333 444 0002'; Name = 'Altra' }
                [pscustomobject]@{ PhoneNumber = '+39 333 444 0001'; Name = 'Nuova'; Note = 'second row' }
            )

            $results = $rows | Set-CallbellContact -CreateMissing -Source whatsapp -Connection $connection -PassThru

            $results.SyncAction | Should -Be @('Created', 'Created', 'Updated')
            @($lagging.Journal.Acted | Where-Object { $_.Method -eq 'POST' -and $_.Path -eq '/v1/contacts' }).Count | Should -Be 2
            $results[2].Uuid | Should -Be $results[0].Uuid
            $results[2].Note | Should -Be 'second row'
        }
        finally {
            $lagging.Dispose()
            Connect-Crm
        }
    }

    It 'without -CreateMissing a number Callbell does not know is a Row N not-found error, and the other rows go on' {
        $rows = @(
            [pscustomobject]@{ PhoneNumber = '+39 333 888 0001'; Name = 'Nobody'; Note = 'x' }
            [pscustomobject]@{ PhoneNumber = (Phone 3); Name = ''; Note = 'Row two' }
        )
        $crmbox.Journal.Reset()

        $results = $rows | Set-CallbellContact -PassThru -ErrorVariable missing -ErrorAction SilentlyContinue

        $results.SyncAction | Should -Be @('Updated') # a failed row writes only its error
        $missing[0].TargetObject | Should -Be $rows[0] # the input row itself, to export and run again
        $missing.Count | Should -Be 1
        $missing[0].ErrorDetails.Message | Should -Match '^Row 1: No contact has the phone number \+393338880001'
        $missing[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        (Posts).Count | Should -Be 0
        (Get-CallbellContact -PhoneNumber (Phone 3)).Note | Should -Be 'Row two'
    }

    It '-PassThru writes the contacts themselves (Select-Object and Export-Csv work), and the failed rows export back as a file to retry' {
        $rows = @(
            [pscustomobject]@{ PhoneNumber = '+39 333 888 0002'; Name = 'Nobody'; Note = 'retry me' }
            [pscustomobject]@{ PhoneNumber = (Phone 4); Name = ''; Note = 'passthru row' }
        )
        $exported = Join-Path $TestDrive 'passthru.csv'
        $retry = Join-Path $TestDrive 'retry.csv'

        $out = $rows | Set-CallbellContact -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue
        $out | Export-Csv -Path $exported -NoTypeInformation
        $failed.TargetObject | Export-Csv -Path $retry -NoTypeInformation

        @($out).Count | Should -Be 1
        ($out | Select-Object -ExpandProperty Note) | Should -Be 'passthru row'
        $written = Import-Csv $exported
        $written.Uuid | Should -Be (Get-CallbellContact -PhoneNumber (Phone 4)).Uuid
        $written.SyncAction | Should -Be 'Updated'
        $written.ChangedFields | Should -Be 'note'
        Get-Content $exported -Raw | Should -Not -Match 'System\.'
        ($out | Format-Table | Out-String) | Should -Not -Match 'SyncAction'
        $again = Import-Csv $retry
        $again.PhoneNumber | Should -Be '+39 333 888 0002'
        $again.Note | Should -Be 'retry me'
    }

    It '-WhatIf says what each row would do and sends no change' {
        $rows = @(
            [pscustomobject]@{ PhoneNumber = '+39 333 777 0001'; Name = 'Maybe'; Source = 'telegram' }
            [pscustomobject]@{ PhoneNumber = (Phone 4); Note = 'what if' }
        )
        $crmbox.Journal.Reset()

        # "What if:" goes to the host, so a transcript is what hears it.
        $transcript = Join-Path $TestDrive 'crm-whatif.txt'
        $null = Start-Transcript -Path $transcript
        $rows | Set-CallbellContact -CreateMissing -WhatIf
        $null = Stop-Transcript
        $said = Get-Content $transcript -Raw

        $said | Should -Match "Create.*'Maybe' \(\+393337770001, telegram\)"
        $said | Should -Match "note to 'what if'"
        @($crmbox.Journal.Requests | Where-Object Method -in 'POST', 'PATCH').Count | Should -Be 0
    }
}

Describe 'Finish what was interrupted: -Journal' {
    BeforeAll {
        $script:jbox = Start-CallbellSandbox -Contacts 0 -NoConnect
        $script:pwshPath = (Get-Process -Id $PID).Path
        $script:manifest = Join-Path (Get-Module Callbell).ModuleBase 'Callbell.psd1'
        function script:Sends { @($jbox.Journal.Requests | Where-Object Path -eq '/v1/messages/send') }
        function script:Start-Send([string] $csv, [string] $journal, [string] $out, [string] $extra = '') {
            $command = "Import-Module '$manifest'; Connect-Callbell -BaseUri '$($jbox.BaseUri)' -Token (ConvertTo-SecureString '$($jbox.Token)' -AsPlainText -Force) -SkipValidation; Import-Csv '$csv' | Send-CallbellMessage -Text 'Your reminder' -Journal '$journal' $extra 3>&1 | ForEach-Object { `"`$_`" }"
            Start-Process $pwshPath -ArgumentList '-NoProfile', '-NonInteractive', '-Command', $command -PassThru -RedirectStandardOutput $out -RedirectStandardError "$out.err"
        }
    }
    AfterAll {
        $jbox | Stop-CallbellSandbox
    }

    It 'a bulk send killed from outside at random points, then run again with the same journal, acts on each recipient at most once and names every one it did not' {
        $csv = Join-Path $TestDrive 'campaign.csv'
        $journal = Join-Path $TestDrive 'campaign.journal'
        1..1000 | ForEach-Object { [pscustomobject]@{ PhoneNumber = '+39355{0:D7}' -f $_ } } | Export-Csv -Path $csv -NoTypeInformation
        $jbox.Faults.Latency = [TimeSpan]::FromMilliseconds(40)   # requests are in flight when the kill comes
        $jbox.Journal.Reset()
        # What the server acted on (not what it refused with 429 because a killed run's last second still counted).
        $acted = { @($jbox.Journal.Acted | Where-Object Path -eq '/v1/messages/send') }

        $kills = 1..3 | ForEach-Object { Get-Random -Minimum 20 -Maximum 980 } | Sort-Object
        foreach ($killAt in $kills) {
            $process = Start-Send $csv $journal (Join-Path $TestDrive "run-$killAt-$(New-Guid).txt")
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ((& $acted).Count -lt $killAt -and -not $process.HasExited -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 2 }
            Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
            $process.WaitForExit(10000) | Should -BeTrue
        }

        $out = Join-Path $TestDrive 'run-last.txt'
        $last = Start-Send $csv $journal $out
        $last.WaitForExit(120000) | Should -BeTrue
        $said = Get-Content $out

        # Every recipient the last run named as "may or may not have done this".
        $named = @($said | Select-String 'may or may not have done this \(message to \+(\d+)\)' | ForEach-Object { $_.Matches[0].Groups[1].Value })
        $received = & $acted | Group-Object { (([Text.Encoding]::UTF8.GetString($_.Body) | ConvertFrom-Json).to) -replace '\D' } -AsHashTable
        foreach ($n in 1..1000) {
            $key = '39355{0:D7}' -f $n
            $count = if ($received -and $received[$key]) { $received[$key].Count } else { 0 }
            $count | Should -BeLessOrEqual 1 -Because "$key must never be acted on twice (kills at $($kills -join ', '))"
            if ($count -eq 0) { $named | Should -Contain $key -Because "$key was never acted on, so the last run must name it" }
        }
        if ($named.Count -gt 0) { "$said" | Should -Match "$($named.Count) item\(s\) not repeated because an earlier run may or may not have done them" }
        $named.Count | Should -BeLessOrEqual 300 -Because 'only requests in flight at a kill are unknown'
    }

    It 'two runs started at once with one journal: the second is refused naming the first, and nobody gets the message twice' {
        $csv = Join-Path $TestDrive 'overlap.csv'
        $journal = Join-Path $TestDrive 'overlap.journal'
        1..300 | ForEach-Object { [pscustomobject]@{ PhoneNumber = '+39354{0:D7}' -f $_ } } | Export-Csv -Path $csv -NoTypeInformation
        $jbox.Faults.Latency = [TimeSpan]::FromMilliseconds(40)
        $jbox.Journal.Reset()

        $first = Start-Send $csv $journal (Join-Path $TestDrive 'overlap-1.txt') '-ThrottleLimit 2'   # about 6 s: still running when the second starts
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (@($jbox.Journal.Acted).Count -lt 5 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 5 }
        $second = Start-Send $csv $journal (Join-Path $TestDrive 'overlap-2.txt')
        $second.WaitForExit(60000) | Should -BeTrue
        $first.HasExited | Should -BeFalse -Because 'the test needs the runs to overlap'
        $first.WaitForExit(60000) | Should -BeTrue

        $refusal = Get-Content (Join-Path $TestDrive 'overlap-2.txt.err'), (Join-Path $TestDrive 'overlap-2.txt') -Raw
        $refusal | Should -Match "is in use by another run: process $($first.Id) on "
        $sent = @($jbox.Journal.Acted | Where-Object Path -eq '/v1/messages/send' | ForEach-Object { ([Text.Encoding]::UTF8.GetString($_.Body) | ConvertFrom-Json).to })
        $sent.Count | Should -Be 300
        @($sent | Group-Object | Where-Object Count -gt 1) | Should -BeNullOrEmpty
        Get-Content $journal | ForEach-Object { { $_ | ConvertFrom-Json } | Should -Not -Throw }   # one writer: every line whole
    }

    It 'two thread jobs with one journal: one runs, the other is refused before any request' {
        $journal = Join-Path $TestDrive 'threads.journal'
        $jbox.Faults.Latency = [TimeSpan]::FromMilliseconds(40)
        $jbox.Journal.Reset()
        $send = {
            Import-Module $using:manifest
            Connect-Callbell -BaseUri ($using:jbox).BaseUri -Token (ConvertTo-SecureString ($using:jbox).Token -AsPlainText -Force) -SkipValidation
            1..100 | ForEach-Object { [pscustomobject]@{ PhoneNumber = '+39353{0:D7}' -f $_ } } | Send-CallbellMessage -Text 'Threads' -Journal $using:journal -ErrorAction Stop | Measure-Object | ForEach-Object Count
        }
        $jobs = 1..2 | ForEach-Object { Start-ThreadJob -ScriptBlock $send }
        $null = $jobs | Wait-Job -Timeout 60
        $results = $jobs | ForEach-Object { try { Receive-Job $_ -ErrorAction Stop } catch { $_ } }
        $jobs | Remove-Job -Force

        @($results | Where-Object { $_ -is [int] }) | Should -Be 100
        @($results | Where-Object { $_ -is [Management.Automation.ErrorRecord] }).FullyQualifiedErrorId | Should -BeLike 'Callbell.JournalInUse*'
        $sent = @($jbox.Journal.Acted | Where-Object Path -eq '/v1/messages/send')
        $sent.Count | Should -Be 100
    }

    It 'reusing a finished journal warns with the count and the date, and -WhatIf says what a real run would skip' {
        Connect-Callbell -BaseUri $jbox.BaseUri -Token (ConvertTo-SecureString $jbox.Token -AsPlainText -Force) -SkipValidation
        try {
            $jbox.Faults.Latency = [TimeSpan]::Zero
            $journal = Join-Path $TestDrive 'reminders.journal'
            $rows = 1..5 | ForEach-Object { [pscustomobject]@{ PhoneNumber = '+39352{0:D7}' -f $_ } }
            $null = $rows | Select-Object -First 3 | Send-CallbellMessage -Text 'Reminder' -Journal $journal
            $before = Get-Content $journal -Raw

            $transcript = Join-Path $TestDrive 'reminders-whatif.txt'
            $null = Start-Transcript -Path $transcript
            $rows | Send-CallbellMessage -Text 'Reminder' -Journal $journal -WhatIf -WarningVariable whatIf -WarningAction SilentlyContinue
            $null = Stop-Transcript
            $said = Get-Content $transcript -Raw
            $said | Should -Match 'What if: Performing the operation "Skip: done in an earlier run recorded in .*reminders\.journal" on target "message to \+393520000001"'
            $said | Should -Match 'What if: .*"Send text" on target "message to \+393520000004"'
            "$whatIf" | Should -Match '^3 item\(s\) would be skipped: done in an earlier run recorded in .*reminders\.journal \(last written \d{4}-\d\d-\d\d \d\d:\d\d UTC\)'
            (Get-Content $journal -Raw) | Should -Be $before                     # -WhatIf only reads it

            $jbox.Journal.Reset()
            $again = $rows | Send-CallbellMessage -Text 'Reminder' -Journal $journal -WarningVariable reused -WarningAction SilentlyContinue
            $again.To | Should -Be @('+393520000004', '+393520000005')
            "$reused" | Should -Match '^3 item\(s\) skipped: done in an earlier run recorded in .*\(last written \d{4}-'
        }
        finally { Connect-Sandbox }
    }

    It 'New-CallbellContact -Journal keys each person by source and identifier: handles are distinct, and a row added at the top shifts nothing' {
        Connect-Callbell -BaseUri $jbox.BaseUri -Token (ConvertTo-SecureString $jbox.Token -AsPlainText -Force) -SkipValidation
        try {
            $jbox.Faults.Latency = [TimeSpan]::Zero
            $journal = Join-Path $TestDrive 'people.journal'
            $rows = @(
                [pscustomobject]@{ PhoneNumber = '@alice_tg'; Source = 'telegram'; Name = 'Alice' }
                [pscustomobject]@{ PhoneNumber = '@bob_tg'; Source = 'telegram'; Name = 'Bob' }
                [pscustomobject]@{ PhoneNumber = 'carol.ig'; Source = 'instagram'; Name = 'Carol' }
            )
            $jbox.Journal.Reset()
            $made = $rows | New-CallbellContact -Journal $journal
            $made.Count | Should -Be 3                                            # one key each, not one for all handles

            $jbox.Journal.Reset()
            $grown = @([pscustomobject]@{ PhoneNumber = '@dave_tg'; Source = 'telegram'; Name = 'Dave' }) + $rows
            $more = $grown | New-CallbellContact -Journal $journal -WarningAction SilentlyContinue
            $more.Name | Should -Be 'Dave'                                        # Alice is not skipped as "done" for Bob, nor Bob created again
            @($jbox.Journal.Acted | Where-Object { $_.Method -eq 'POST' -and $_.Path -eq '/v1/contacts' }).Count | Should -Be 1
            Get-Content $journal -Raw | Should -Not -Match 'alice|Alice|telegram'   # hashes, never the text
        }
        finally { Connect-Sandbox }
    }

    It 'a send whose answer was lost is unknown: not repeated and listed on the next run, repeated with -RetryUnknown; a refused one is tried again' {
        Connect-Callbell -BaseUri $jbox.BaseUri -Token (ConvertTo-SecureString $jbox.Token -AsPlainText -Force) -SkipValidation
        try {
            $journal = Join-Path $TestDrive 'retry.journal'
            $rows = '+393550009001', '+393550009002', '+393550009003' | ForEach-Object { [pscustomobject]@{ PhoneNumber = $_ } }
            $jbox.Faults.Latency = [TimeSpan]::Zero
            $lost = [Callbell.Sandbox.Faults.FaultRule]::new('DropAfterRequest'); $lost.Method = 'POST'; $lost.Path = '/v1/messages/send'; $lost.Times = 1
            $null = $jbox.Faults.Add($lost)
            $refused = [Callbell.Sandbox.Faults.FaultRule]::new('ApiError'); $refused.Method = 'POST'; $refused.Path = '/v1/messages/send'; $refused.Times = 1; $refused.Status = 422
            $null = $jbox.Faults.Add($refused)
            $jbox.Journal.Reset()

            $first = $rows | Send-CallbellMessage -Text 'Once' -ThrottleLimit 1 -Journal $journal -ErrorAction SilentlyContinue
            $first.Count | Should -Be 1                                            # one lost, one refused, one sent
            # What the server acted on: every send but the refused one (the lost one was acted on, then its answer dropped).
            $sentTo = { @(Sends | Where-Object Fault -ne 'ApiError' | ForEach-Object { ([Text.Encoding]::UTF8.GetString($_.Body) | ConvertFrom-Json).to }) }

            $second = $rows | Send-CallbellMessage -Text 'Once' -Journal $journal -WarningVariable said -WarningAction SilentlyContinue
            $second.To | Should -Be '+393550009002'                                # the refused one, tried again
            "$said" | Should -Match '393550009001.*not repeated'
            (& $sentTo | Group-Object | Where-Object Count -gt 1) | Should -BeNullOrEmpty

            $third = $rows | Send-CallbellMessage -Text 'Once' -Journal $journal -RetryUnknown
            $third.To | Should -Be '+393550009001'
            (& $sentTo).Count | Should -Be 4                                       # the lost one reached the server and was sent again, as asked
        }
        finally { Connect-Sandbox }
    }

    It 'a journal written by another command, or a file that is not a journal, is refused before any request' {
        $journal = Join-Path $TestDrive 'other.journal'
        '+393550000001' | ForEach-Object { [pscustomobject]@{ PhoneNumber = $_ } } | Send-CallbellMessage -Text x -Journal $journal -ErrorAction SilentlyContinue
        $before = Get-Content $journal -Raw
        $jbox.Journal.Reset()

        { Remove-CallbellContact -Uuid 414a6d692bd645ed803f2e7ce360d4c8 -Force -Journal $journal -ErrorAction Stop } | Should -Throw '*written by Send-CallbellMessage*'
        Set-Content -Path (Join-Path $TestDrive 'notes.txt') -Value 'not a journal'
        { Remove-CallbellContact -Uuid 414a6d692bd645ed803f2e7ce360d4c8 -Force -Journal (Join-Path $TestDrive 'notes.txt') -ErrorAction Stop } | Should -Throw '*cannot be read*'

        $jbox.Journal.Count | Should -Be 0
        (Get-Content $journal -Raw).StartsWith($before) | Should -BeTrue
    }
}

Describe 'Faithful to the reference and to PowerShell values' {
    BeforeAll {
        # Lists one item a page, so a filter that read only the first page would miss things.
        $script:ref = [Callbell.Sandbox.SandboxServer]::Start([Callbell.Sandbox.SandboxOptions]@{ Contacts = 30; ListPageSize = 1 })
        Connect-Callbell -BaseUri $ref.BaseUri -Token (ConvertTo-SecureString $ref.Token -AsPlainText -Force) -SkipValidation
        function script:Sent { [Text.Encoding]::UTF8.GetString(($ref.Journal.Requests | Where-Object Path -eq '/v1/messages/send')[-1].Body) }
    }
    AfterAll {
        $ref.Dispose()
        Connect-Sandbox
    }
    BeforeEach { $ref.Journal.Reset(); $ref.Faults.Clear() }

    It 'set values take their canonical spelling whatever the casing' {
        $channel = (Get-CallbellChannel -Type WhatsApp -First 1).Uuid
        $null = Send-CallbellMessage -To +393330000001 -Type Image -Url https://example.com/a.png -From WhatsApp -ChannelUuid $channel -BotStatus Bot_Start

        Sent | Should -Match '"type":"image"'
        Sent | Should -Match '"bot_status":"bot_start"'
    }

    It 'objects from ConvertFrom-Json inside a hashtable body are sent as JSON objects, not their string form' {
        $fields = '{"Company":"ACME","Interests":["Support"]}' | ConvertFrom-Json
        $uuid = [Callbell.Sandbox.Data.ContactGenerator]::UuidFor(3)

        $null = Invoke-CallbellRequest -Method PATCH -Path "contacts/$uuid" -Body @{ custom_fields = $fields } -Confirm:$false

        $body = [Text.Encoding]::UTF8.GetString(($ref.Journal.Requests | Where-Object Method -eq 'PATCH')[-1].Body)
        $body | Should -Be '{"custom_fields":{"Company":"ACME","Interests":["Support"]}}'
    }

    It 'a media template sends its type and the media in content.url; a template send without content, or with -Url and no -Type, is refused before any request' {
        $channel = (Get-CallbellChannel -Type whatsapp -First 1).Uuid
        $null = Send-CallbellMessage -To +393331234567 -ChannelUuid $channel -TemplateUuid 7e02a1b2c3d4e5f60718293a4b5c6d7e8 -Type image -Url https://example.com/offer.png -TemplateValue 'Anna'
        Sent | Should -Match '"type":"image","content":\{"text":"Anna","url":"https://example.com/offer.png"\}'
        $null = Send-CallbellMessage -To +393331234567 -ChannelUuid $channel -TemplateUuid 7e01a1b2c3d4e5f60718293a4b5c6d7e8 -Text 'Your order has shipped'
        Sent | Should -Match '"content":\{"text":"Your order has shipped"\}'
        $ref.Journal.Reset()

        $noContent = { Send-CallbellMessage -To +393331234567 -ChannelUuid $channel -TemplateUuid 7e01a1b2c3d4e5f60718293a4b5c6d7e8 -ErrorAction Stop } | Should -Throw -PassThru
        $mediaAsText = { Send-CallbellMessage -To +393331234567 -ChannelUuid $channel -TemplateUuid 7e02a1b2c3d4e5f60718293a4b5c6d7e8 -Url https://example.com/offer.png -TemplateValue 'Anna' -ErrorAction Stop } | Should -Throw -PassThru

        $noContent.Exception.ParameterName | Should -Be 'Text'
        $noContent.Exception.RecommendedAction | Should -Match '-TemplateValue'
        $mediaAsText.Exception.ParameterName | Should -Be 'Type'
        $mediaAsText.Exception.RecommendedAction | Should -Match '-Type image, document or video'
        $ref.Journal.Count | Should -Be 0
    }

    It 'limits the reference does not state are left to the server: a long team name, a long tag, a big webhook page' {
        $long = 'Customer care for the northern regions and the islands, weekdays and weekends alike, every season'
        $ref.Journal.Reset()

        Set-CallbellTeam -Uuid (Get-CallbellTeam -First 1).Uuid -Name ($long + ' of the year') -WhatIf
        $null = Get-CallbellContact -Tag ('t' * 150) -ErrorAction SilentlyContinue
        $null = Get-CallbellWebhookEvent -PageSize 250 -First 1

        @($ref.Journal.Requests | Where-Object { $_.Query['tags'] -eq ('t' * 150) }).Count | Should -Be 1
        @($ref.Journal.Requests | Where-Object { $_.Query['items'] -eq '250' }).Count | Should -Be 1
    }

    It 'never writes the account key: Invoke-CallbellRequest -Path auth/me masks api_key, -Raw too' {
        (Invoke-CallbellRequest -Path auth/me).api_key | Should -Be '********'
        Invoke-CallbellRequest -Path auth/me -Raw | Should -Not -Match ([regex]::Escape($ref.Token))
    }

    It 'a name filter reads every page, and a plain name that matches nothing is ObjectNotFound' {
        (Get-CallbellTeam -Name Billing).Name | Should -Be 'Billing'                  # on page 3 of 3
        @(Get-CallbellTemplate -Status approved).Count | Should -Be 3                 # spread over six pages
        @(Get-CallbellTeam -Name 'S*').Name | Should -Be @('Sales', 'Support')

        Get-CallbellTeam -Name Nobody -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $missing[0].Exception.Message | Should -Match "team named 'Nobody'"
        @(Get-CallbellTeam -Name 'Nobody*' -ErrorAction Stop).Count | Should -Be 0   # a wildcard that matches nothing is no error
    }

    It 'uuid lookups of teams run side by side, in input order' {
        $ref.Faults.Latency = [TimeSpan]::FromMilliseconds(100)
        $uuids = '5ad5bd8e7b9c4c4f8a1e0d3f2b6a7c81', '9f3c2a1b0e8d4f7a6b5c4d3e2f1a0b9c', '0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f'
        try { $teams = $uuids | Get-CallbellTeam } finally { $ref.Faults.Latency = [TimeSpan]::Zero }

        $teams.Uuid | Should -Be $uuids
        $ref.Journal.PeakInFlight | Should -BeGreaterThan 1
    }

    It 'Invoke-CallbellRequest -All walks with the list walker: -First stops early' {
        $first = Invoke-CallbellRequest -Path contacts -All -First 25

        $first.Count | Should -Be 25
        @($ref.Journal.Requests | Where-Object Path -eq '/v1/contacts').Count | Should -Be 2
    }

    It 'a phone lookup sends the number as the reference writes it, digits only' {
        (Get-CallbellContact -PhoneNumber '+39 333 000 0005').Uuid | Should -Be ([Callbell.Sandbox.Data.ContactGenerator]::UuidFor(5))

        $ref.Journal.Requests[-1].Path | Should -Be '/v1/contacts/phone/393330000005'
    }

    It 'with -IncludeFieldType a checkbox reads as its options, and its CSV cell stays readable' {
        $contact = Get-CallbellContact -Uuid ([Callbell.Sandbox.Data.ContactGenerator]::UuidFor(3)) -IncludeFieldType

        , $contact.CustomFields['Interests'] | Should -BeOfType [string[]]
        ($contact | ConvertTo-Csv | ConvertFrom-Csv).CustomFields | Should -Match '"Interests":\["'
    }

    It '-ClearEmpty clears a text field, and refuses an empty number field naming the field and the row' {
        $uuid = [Callbell.Sandbox.Data.ContactGenerator]::UuidFor(6)
        $rows = @(
            [pscustomobject]@{ Uuid = $uuid; CustomFields = '{"Company":""}' }
            [pscustomobject]@{ Uuid = $uuid; CustomFields = '{"Seats":""}' }
        )
        $null = Set-CallbellContact -Uuid $uuid -CustomField @{ Company = 'ACME' }
        $ref.Journal.Reset()

        $rows | Set-CallbellContact -ClearEmpty -ErrorVariable refused -ErrorAction SilentlyContinue

        $refused.Count | Should -Be 1
        $refused[0].ErrorDetails.Message | Should -Match "^Row 2: .*'Seats' is a number field"
        $patches = @($ref.Journal.Requests | Where-Object Method -eq 'PATCH')
        $patches.Count | Should -Be 1
        [Text.Encoding]::UTF8.GetString($patches[0].Body) | Should -Be '{"custom_fields":{"Company":""}}'
    }

    It 'Clear-CallbellUserStatus says what it does: the custom status only' {
        (Get-Help Clear-CallbellUserStatus).Synopsis | Should -Match 'custom status'
    }
}

Describe 'Invoke-CallbellRequest' {
    BeforeAll { Connect-Sandbox }

    It '-Path contacts -All returns every sandbox contact once, as objects' {
        $all = Invoke-CallbellRequest -Path contacts -All

        $all.Count | Should -Be 230
        ($all.uuid | Sort-Object -Unique).Count | Should -Be 230
        $all[0].customFields.Plan | Should -Not -BeNullOrEmpty
    }

    It 'sends a body with -WhatIf honoured, and reads one object or its raw text' {
        $sandbox.Journal.Reset()
        Invoke-CallbellRequest -Method PATCH -Path teams/9f3c2a1b0e8d4f7a6b5c4d3e2f1a0b9c -Body @{ name = 'Helpdesk' } -WhatIf
        @($sandbox.Journal.Requests | Where-Object Method -eq 'PATCH').Count | Should -Be 0

        $team = Invoke-CallbellRequest -Method PATCH -Path teams/9f3c2a1b0e8d4f7a6b5c4d3e2f1a0b9c -Body @{ name = 'Helpdesk' }

        $team.team.name | Should -Be 'Helpdesk'
        (Invoke-CallbellRequest -Path plan -Raw) | Should -Match '^\{"plan":'
        (Invoke-CallbellRequest -Path webhooks/events -Query @{ status = 'failed'; items = 5 } -All -ItemsKey webhook_events).success | Should -Not -Contain $true
    }

    It 'refuses a path that leaves the API and a body that is not JSON, before any request' {
        $sandbox.Journal.Reset()

        Invoke-CallbellRequest -Path '../admin' -ErrorVariable e1 -ErrorAction SilentlyContinue
        Invoke-CallbellRequest -Method POST -Path contacts -Body 'not json' -ErrorVariable e2 -ErrorAction SilentlyContinue

        $e1[0].Exception.ParameterName | Should -Be 'Path'
        $e2[0].Exception.ParameterName | Should -Be 'Body'
        $sandbox.Journal.Count | Should -Be 0
    }
}

Describe 'Webhooks: subscribe, the delivery log, read, verify, receive' {
    BeforeAll {
        Connect-Sandbox
        $script:payloads = Join-Path $PSScriptRoot '../Callbell.Tests/Webhooks/Payloads'
        $script:secret = 'whsec_pester_' + [guid]::NewGuid().ToString('N')

        # Signs a body as Callbell documents it, computed here in PowerShell, independently of the module.
        $script:signer = {
            param([string] $body, [string] $secret, [long] $t = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds())
            $hmac = [System.Security.Cryptography.HMACSHA256]::new([Text.Encoding]::UTF8.GetBytes($secret))
            $hash = $hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes("$t.$body"))
            "t=$t,v1=" + (($hash | ForEach-Object { $_.ToString('x2') }) -join '')
        }
        # Plays Callbell on a raw connection in a thread job (dot-sourced there; the functions use
        # the job's $stream): Send writes text, Read-Answer reads one answer's head and skips its
        # body, and returns the head, or $null when the receiver closed the connection.
        $script:rawHttp = @'
function Send([string] $text) { $b = [Text.Encoding]::UTF8.GetBytes($text); $stream.Write($b, 0, $b.Length) }
function Read-Answer {
    $head = [Text.StringBuilder]::new()
    while (-not $head.ToString().EndsWith("`r`n`r`n")) {
        $b = $stream.ReadByte()
        if ($b -lt 0) { return $null }
        $null = $head.Append([char] $b)
    }
    $text = $head.ToString()
    $length = if ($text -match 'Content-Length: (\d+)') { [int] $Matches[1] } else { 0 }
    for ($i = 0; $i -lt $length; $i++) { $null = $stream.ReadByte() }
    $text
}
function Read-Status { $answer = Read-Answer; if ($answer) { [int] $answer.Substring(9, 3) } else { 0 } }
'@
        # The listener answers its first connection check once it is up (bounded: 15 s).
        function Wait-Listener([int] $port) {
            for ($i = 0; $i -lt 300; $i++) {
                try { return Invoke-RestMethod "http://127.0.0.1:$port/" } catch { Start-Sleep -Milliseconds 50 }
            }
        }
        function Get-FreePort {
            $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
            $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
            $port
        }
        # A background job plays Callbell: it waits until the listener answers a connection check, then posts.
        function Start-Poster([int] $port, [object[]] $deliveries) {
            Start-Job -ArgumentList $port, $deliveries -ScriptBlock {
                param($port, $deliveries)
                $url = "http://127.0.0.1:$port/callbell"
                $check = $null
                for ($i = 0; $i -lt 300 -and -not $check; $i++) {
                    try { $check = Invoke-RestMethod $url } catch { Start-Sleep -Milliseconds 50 }
                }
                $codes = foreach ($d in $deliveries) {
                    $headers = @{}
                    if ($d.Signature) { $headers['X-Callbell-Signature'] = $d.Signature }
                    # 0 when the listener has gone: the connection is refused.
                    try { [int] (Invoke-WebRequest $url -Method Post -Body ([Text.Encoding]::UTF8.GetBytes($d.Body)) -ContentType 'application/json' -Headers $headers -SkipHttpErrorCheck).StatusCode } catch { 0 }
                }
                [pscustomobject]@{ Check = $check.status; Codes = @($codes) }
            }
        }
    }

    It 'registers a webhook, says -WhatIf replaces, warns on an unknown event name and completes the documented ones' {
        $sandbox.Journal.Reset()
        Register-CallbellWebhook -Url https://hooks.example.com/a -Event message_created -WhatIf
        $sandbox.Journal.Count | Should -Be 0

        $first = Register-CallbellWebhook -Url https://hooks.example.com/a -Event message_created -Force
        $second = Register-CallbellWebhook https://hooks.example.com/b contact_created, ticket_escalated -Force -WarningVariable warned 3>$null

        $first.Url | Should -Be 'https://hooks.example.com/a'
        $second | Should -BeOfType Callbell.Webhook
        $second.Subscriptions | Should -Be @('contact_created', 'ticket_escalated')
        $sandbox.State.Webhook['url'].GetValue[string]() | Should -Be 'https://hooks.example.com/b'
        "$warned" | Should -Match "'ticket_escalated' is not a documented event"
        (Complete 'Register-CallbellWebhook -Url https://x.example -Event message_').CompletionText | Should -Be @('message_created', 'message_status_updated')
        (Complete 'Get-CallbellWebhookEvent -Event contact_d').CompletionText | Should -Be @('contact_deleted')
    }

    It 'connected to Callbell, refuses a localhost URL before any request, with the fix in the error; an API on this machine takes one' {
        Connect-Callbell -BaseUri https://api.callbell.invalid/v1 -Token $token -SkipValidation
        try {
            Register-CallbellWebhook -Url http://localhost:8080/ -Event message_created -ErrorVariable e -ErrorAction SilentlyContinue
        }
        finally { Connect-Sandbox }

        $e[0].FullyQualifiedErrorId | Should -BeLike 'Callbell.InvalidArgument,*'
        $e[0].Exception.ParameterName | Should -Be 'Url'
        $e[0].ErrorDetails.RecommendedAction | Should -Match 'reverse proxy or a tunnel'

        # An API on this machine (an emulator, such as the command-line sandbox) may reach a local
        # URL, so the module leaves it to that API: this sandbox does not deliver, and refuses it
        # as Callbell would. Only a faraway API is refused before any request.
        $sandbox.Journal.Reset()
        Register-CallbellWebhook -Url http://127.0.0.1:8080/ -Event message_created -Force -ErrorVariable local -ErrorAction SilentlyContinue
        $local[0].Exception.StatusCode | Should -Be 422
        "$($local[0])" | Should -Match 'localhost URLs are not allowed'
        @($sandbox.Journal.Requests | Where-Object Method -eq 'POST').Count | Should -Be 1
    }

    It 'receives what a sandbox started with -DeliverWebhooks posts when a message is sent and followed' {
        $port = Get-FreePort
        $delivering = Start-CallbellSandbox -Contacts 10 -DeliverWebhooks -WebhookSecret $secret
        $listener = [PowerShell]::Create()
        try {
            $null = $listener.AddScript("Import-Module '$(Join-Path (Get-Module Callbell).ModuleBase 'Callbell.psd1')'; Receive-CallbellWebhook -Port $port -Secret '$secret' -Count 3 -TimeoutSec 60")
            $async = $listener.BeginInvoke()
            $check = Wait-Listener $port
            Register-CallbellWebhook -Url "http://127.0.0.1:$port/" -Event message_created, message_status_updated -Force | Out-Null
            $contact = Get-CallbellContact -First 1

            $sent = Send-CallbellMessage -To $contact.PhoneNumber -Text 'Ping' -Metadata @{ ticket = 'T-1' } | Wait-CallbellMessage -Status delivered -TimeoutSec 30
            $events = $listener.EndInvoke($async)
        }
        finally {
            $listener.Dispose()
            $delivering | Stop-CallbellSandbox
            Connect-Sandbox
        }

        $sent.Status | Should -Be 'delivered'
        $events.Event | Should -Be @('message_created', 'message_status_updated', 'message_status_updated')
        $events.Verified | Should -Not -Contain $false
        $events[0].Payload.Text | Should -Be 'Ping'
        $events[0].Payload.Metadata.ticket | Should -Be 'T-1'
        $events[1].Payload.Uuid | Should -Be $sent.Uuid
        $events[2].Payload.Status | Should -Be 'delivered'
    }

    It 'unregisters with -Force, and a second time is a not-found error' {
        Register-CallbellWebhook -Url https://hooks.example.com/c -Event message_created -Force | Out-Null

        Unregister-CallbellWebhook -Force | Should -BeNullOrEmpty
        Unregister-CallbellWebhook -Force -ErrorVariable e -ErrorAction SilentlyContinue

        $sandbox.State.Webhook | Should -BeNullOrEmpty
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'lists the delivery log filtered on the server, with payloads typed' {
        $all = Get-CallbellWebhookEvent -All -PageSize 25
        $failed = Get-CallbellWebhookEvent -Status failed -Event message_created -All

        $all.Count | Should -Be $sandbox.State.WebhookEvents.Count
        $failed | Should -Not -BeNullOrEmpty
        $failed.Success | Should -Not -Contain $true
        $failed.Event | Sort-Object -Unique | Should -Be 'message_created'
        $failed[0].Payload | Should -BeOfType Callbell.Webhooks.MessageCreated
        $failed[0].Payload.Contact.Name | Should -Match '^Contact \d+$'
        $failed[0].Response.Code | Should -Be 502
        Get-CallbellWebhookEvent -Event ticket_escalated -WarningVariable warned 3>$null | Should -BeNullOrEmpty
        "$warned" | Should -Match "'ticket_escalated' is not a documented event"
    }

    It 'reads every documented example body into its own class' {
        $expected = @{
            message_created = 'MessageCreatedEvent'; message_status_updated = 'MessageStatusUpdatedEvent'; contact_created = 'ContactCreatedEvent'
            contact_updated = 'ContactUpdatedEvent'; contact_deleted = 'ContactDeletedEvent'; conversation_opened = 'ConversationOpenedEvent'
            conversation_closed = 'ConversationClosedEvent'; agent_status_updated = 'AgentStatusUpdatedEvent'
            agent_session_updated = 'AgentSessionUpdatedEvent'; team_membership_updated = 'TeamMembershipUpdatedEvent'
        }

        $events = Get-ChildItem $payloads -Filter *.json | Sort-Object Name | ForEach-Object { Get-Content $_.FullName -Raw } | ConvertFrom-CallbellWebhook

        $events.Count | Should -Be 10
        foreach ($e in $events) { $e.GetType().Name | Should -Be $expected[$e.Event] }
        $message = $events | Where-Object Event -eq message_created
        $message.Payload.MessageContext.Text | Should -Be 'Which size?'
        $message.Payload.MessageContactCard.ContactsInfo.Name | Should -Be @('Jane Roe', 'Mario Rossi')
        $message.Payload.MessageInteractiveList.Metadata.id | Should -Be 'size-m'
        ($events | Where-Object Event -eq team_membership_updated).Payload.LastUpdatedAt | Should -Be ([DateTimeOffset]'2026-10-02T09:15:00Z')
    }

    It 'verifies a signed body with the secret as text or SecureString, from text or bytes' {
        $body = Get-Content (Join-Path $payloads 'contact_deleted.json') -Raw
        $signature = & $signer $body $secret

        $fromText = $body | ConvertFrom-CallbellWebhook -Secret $secret -Signature $signature
        $fromBytes = [Text.Encoding]::UTF8.GetBytes($body) | ConvertFrom-CallbellWebhook -Secret (ConvertTo-SecureString $secret -AsPlainText -Force) -Signature $signature

        foreach ($e in $fromText, $fromBytes) {
            $e | Should -BeOfType Callbell.Webhooks.ContactDeletedEvent
            $e.Verified | Should -BeTrue
            $e.Payload.Uuid | Should -Be 'eb2b914a977e4ab896e7b886698b3eac'
        }
    }

    It 'refuses a wrong secret, a changed body and a stale signature with errors that name the check and never the secret' {
        $body = Get-Content (Join-Path $payloads 'contact_deleted.json') -Raw
        $wrongSecret = 'whsec_not_the_one'

        $out = @(
            $body | ConvertFrom-CallbellWebhook -Secret $secret -Signature (& $signer $body $wrongSecret) -ErrorVariable e1 -ErrorAction SilentlyContinue
            $body.Replace('eb2b', 'ffff') | ConvertFrom-CallbellWebhook -Secret $secret -Signature (& $signer $body $secret) -ErrorVariable e2 -ErrorAction SilentlyContinue
            $body | ConvertFrom-CallbellWebhook -Secret $secret -Signature (& $signer $body $secret ([DateTimeOffset]::UtcNow.AddMinutes(-10).ToUnixTimeSeconds())) -ErrorVariable e3 -ErrorAction SilentlyContinue
        )

        $out | Should -BeNullOrEmpty
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'Callbell.WebhookSignature.Mismatch,*'
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'Callbell.WebhookSignature.Mismatch,*'
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'Callbell.WebhookSignature.Expired,*'
        foreach ($e in $e1 + $e2 + $e3) { "$e $($e.ErrorDetails.RecommendedAction)" | Should -Not -Match 'whsec_' }
    }

    It 'writes an error for a body that is not an event and goes on with the rest' {
        $good = '{"event":"contact_deleted","payload":{"uuid":"abc"}}'

        $events = $good, 'not json', $good | ConvertFrom-CallbellWebhook -ErrorVariable e -ErrorAction SilentlyContinue

        $events.Count | Should -Be 2
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Callbell.WebhookBodyInvalid,*'
        $e[0].TargetObject | Should -Be 'not json'
    }

    It 'refuses -Signature without -Secret, and a secret without its whsec_ prefix, naming the parameter' {
        { '{}' | ConvertFrom-CallbellWebhook -Signature 't=1,v1=00' -ErrorAction Stop } | Should -Throw -ExpectedMessage '*-Signature was given without -Secret*'
        $e = { '{}' | ConvertFrom-CallbellWebhook -Secret 'abc123' -Signature 't=1,v1=00' -ErrorAction Stop } | Should -Throw -PassThru
        $e.Exception.ParameterName | Should -Be 'Secret'
        "$e" | Should -Not -Match 'abc123'
    }

    It 'receives a signed event posted by a background job, typed and verified, after answering the connection check' {
        $port = Get-FreePort
        $body = Get-Content (Join-Path $payloads 'message_created.json') -Raw
        $job = Start-Poster $port @(
            @{ Body = $body; Signature = (& $signer $body 'whsec_someone_else') }
            @{ Body = $body; Signature = (& $signer $body $secret) }
        )
        try {
            $received = Receive-CallbellWebhook -Port $port -Secret $secret -Count 1 -TimeoutSec 60 -WarningVariable warned 3>$null
            $posted = $job | Wait-Job -Timeout 60 | Receive-Job
        }
        finally { $job | Remove-Job -Force }

        $received | Should -BeOfType Callbell.Webhooks.MessageCreatedEvent
        $received.Verified | Should -BeTrue
        $received.Payload.Contact.Name | Should -Be 'John Doe'
        $posted.Check | Should -Be 'ok'
        $posted.Codes | Should -Be @(401, 200)
        "$warned" | Should -Match 'refused \(401\).*does not match'
    }

    It 'writes a correctly signed body that is not one event object, raw body kept, and acknowledges it only then; an unsigned one is not taken' {
        $port = Get-FreePort
        $array = '[{"event":"message_created","payload":{"text":"hi"}}]'
        $nested = '{"event":{"name":"contact_created"},"payload":{}}'
        $check = '{"status":"ping"}'
        $job = Start-Poster $port @(
            @{ Body = $check; Signature = (& $signer $check $secret) }
            @{ Body = $array; Signature = (& $signer $array $secret) }
            @{ Body = $nested; Signature = (& $signer $nested $secret) }
            @{ Body = $array; Signature = (& $signer $array 'whsec_someone_else') }
        )
        try {
            $received = @(Receive-CallbellWebhook -Port $port -Secret $secret -Count 2 -TimeoutSec 60 3>$null)
            $posted = $job | Wait-Job -Timeout 60 | Receive-Job
        }
        finally { $job | Remove-Job -Force }

        $received.Event | Should -Be @('unrecognised', 'unrecognised')
        $received.RawBody | Should -Be @($array, $nested)
        $received.Verified | Should -Be @($true, $true)
        $received[0].Payload[0].event | Should -Be 'message_created'
        $posted.Codes[0..2] | Should -Be @(200, 200, 200) # a signed check, then the two written
        $posted.Codes[3] | Should -Not -Be 200 # a forged copy is never acknowledged
    }

    It 'a sandbox with a status pace posts a sent message''s statuses to a local receiver as they happen, nobody reading them' {
        $port = Get-FreePort
        # Started, it connects this session, which may then register a local URL.
        $paced = Start-CallbellSandbox -Contacts 5 -MessageStatusPaceMs 150 -WebhookSecret $secret
        try {
            $null = Register-CallbellWebhook -Url "http://127.0.0.1:$port/" -Event message_status_updated -Force -ErrorAction Stop
            $sent = Send-CallbellMessage -To +393330000001 -Text 'paced' -ErrorAction Stop

            $statuses = Receive-CallbellWebhook -Port $port -Secret $secret -Count 3 -TimeoutSec 60 3>$null

            $statuses.Payload.Uuid | Select-Object -Unique | Should -Be $sent.Uuid
            $statuses.Payload.Status | Should -Be @('sent', 'delivered', 'read')
            @($paced.Journal.Requests | Where-Object Path -like '/v1/messages/status/*').Count | Should -Be 0
        }
        finally { $paced | Stop-CallbellSandbox; Connect-Sandbox }
    }

    It 'the command-line sandbox takes a local webhook and delivers its paced statuses there, signed' {
        $cli = Get-ChildItem (Join-Path $PSScriptRoot '../../src/Callbell.Sandbox.Cli/bin/Release') -Recurse -Filter callbell-sandbox.dll | Select-Object -First 1
        $cli | Should -Not -BeNullOrEmpty -Because 'the build makes the command-line sandbox'
        $apiPort = Get-FreePort; $hookPort = Get-FreePort
        $cliToken = 'test_clisandbox' + [guid]::NewGuid().ToString('N').Substring(0, 12)
        $server = Start-Process dotnet -ArgumentList $cli.FullName, '--port', $apiPort, '--token', $cliToken, '--contacts', 5, '--webhook-secret', $secret, '--status-pace', 100 -PassThru -RedirectStandardOutput (Join-Path $TestDrive 'cli.txt')
        try {
            $c = $null
            for ($i = 0; $i -lt 300 -and -not $c; $i++) {
                try { $c = Connect-Callbell -BaseUri "http://127.0.0.1:$apiPort/v1/" -Token (ConvertTo-SecureString $cliToken -AsPlainText -Force) -PassThru -ErrorAction Stop } catch { Start-Sleep -Milliseconds 50 }
            }
            $null = Register-CallbellWebhook -Url "http://127.0.0.1:$hookPort/" -Event message_status_updated -Force -Connection $c -ErrorAction Stop
            $sent = Send-CallbellMessage -To +393330000001 -Text 'from the command line' -Connection $c -ErrorAction Stop

            $statuses = Receive-CallbellWebhook -Port $hookPort -Secret $secret -Count 3 -TimeoutSec 60 3>$null

            $statuses.Payload.Status | Should -Be @('sent', 'delivered', 'read')
            $statuses.Verified | Should -Be @($true, $true, $true)
            $statuses[0].Payload.Uuid | Should -Be $sent.Uuid
        }
        finally { Stop-Process -Id $server.Id -ErrorAction SilentlyContinue; Connect-Sandbox }
    }

    It 'writes events in the order they arrived, and stops at -Count without acknowledging more' {
        $port = Get-FreePort
        $deliveries = 1..4 | ForEach-Object { @{ Body = "{""event"":""contact_created"",""payload"":{""name"":""Contact $_""}}" } }
        $job = Start-Poster $port $deliveries
        try {
            $names = Receive-CallbellWebhook -Port $port -AllowUnsigned -Count 3 -TimeoutSec 60 3>$null | ForEach-Object { $_.Payload.Name }
            $posted = $job | Wait-Job -Timeout 60 | Receive-Job
        }
        finally { $job | Remove-Job -Force }

        $names | Should -Be @('Contact 1', 'Contact 2', 'Contact 3')
        $posted.Codes[0..2] | Should -Be @(200, 200, 200)
        $posted.Codes[3] | Should -BeIn @(503, 0) # refused, or the listener already gone: either way Callbell retries it
    }

    It 'names a port another program holds' {
        $holder = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Any, 0)
        $holder.Start()
        try {
            $port = $holder.LocalEndpoint.Port
            $e = { Receive-CallbellWebhook -Port $port -ListenAddress + -Secret $secret -TimeoutSec 1 -ErrorAction Stop } | Should -Throw -PassThru
        }
        finally { $holder.Stop() }

        $e.FullyQualifiedErrorId | Should -BeLike 'Callbell.ListenerUnavailable,*'
        "$e" | Should -Match ":$port/"
        $e.ErrorDetails.RecommendedAction | Should -Match '-Port'
    }

    It 'stops on Ctrl+C and frees the port' {
        $port = Get-FreePort
        $ps = [PowerShell]::Create()
        $null = $ps.AddScript("Import-Module '$(Join-Path (Get-Module Callbell).ModuleBase 'Callbell.psd1')'; Receive-CallbellWebhook -Port $port -Secret '$secret'")
        $async = $ps.BeginInvoke()
        try {
            # Wait for the event: the listener answers its first connection check.
            $check = Wait-Listener $port
            $check.status | Should -Be 'ok'

            $ps.Stop()

            $async.IsCompleted | Should -BeTrue
            $free = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Any, $port)
            { $free.Start() } | Should -Not -Throw
            $free.Stop()
        }
        finally { $ps.Dispose() }
    }

    It 'ends after -TimeoutSec with nothing when nothing came' {
        Receive-CallbellWebhook -Port (Get-FreePort) -Secret $secret -TimeoutSec 1 | Should -BeNullOrEmpty
    }

    It 'refuses to start without -Secret unless -AllowUnsigned, which it warns about' {
        $e = { Receive-CallbellWebhook -Port (Get-FreePort) -TimeoutSec 1 -ErrorAction Stop } | Should -Throw -PassThru

        $e.Exception.ParameterName | Should -Be 'Secret'
        $e.Exception.Message | Should -Match 'anyone'
        $e.ErrorDetails.RecommendedAction | Should -Match '-AllowUnsigned'
        $null = Receive-CallbellWebhook -Port (Get-FreePort) -AllowUnsigned -TimeoutSec 1 -WarningVariable unsigned 3>$null
        "$unsigned" | Should -Match 'without verifying'

        $bad = { Receive-CallbellWebhook -Port (Get-FreePort) -ListenAddress 'http://evil/' -Secret $secret -TimeoutSec 1 -ErrorAction Stop } | Should -Throw -PassThru
        $bad.Exception.ParameterName | Should -Be 'ListenAddress'
        $bad.ErrorDetails.RecommendedAction | Should -Match 'localhost'
    }

    It 'listens on this machine only, unless -ListenAddress says otherwise' {
        $outside = [Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces() | ForEach-Object { $_.GetIPProperties().UnicastAddresses.Address } |
            Where-Object { $_.AddressFamily -eq 'InterNetwork' -and -not [Net.IPAddress]::IsLoopback($_) } | Select-Object -First 1
        $outside | Should -Not -BeNullOrEmpty -Because 'the machine needs an address other than loopback to show what is reachable from it'
        # Every interface, as + or 0.0.0.0, needs no administrator or URL reservation anywhere: the receiver owns its socket.
        $reachable = foreach ($address in 'localhost', '+', '0.0.0.0') {
            $port = Get-FreePort
            $ps = [PowerShell]::Create()
            $null = $ps.AddScript("Import-Module '$(Join-Path (Get-Module Callbell).ModuleBase 'Callbell.psd1')'; Receive-CallbellWebhook -Port $port -ListenAddress '$address' -Secret '$secret' -TimeoutSec 20")
            $async = $ps.BeginInvoke()
            try {
                $check = Wait-Listener $port
                $check.status | Should -Be 'ok'
                $probe = [Net.Sockets.TcpClient]::new()
                try { $probe.Connect($outside, $port); $true } catch { $false } finally { $probe.Dispose() }
            }
            finally { $ps.Stop(); $ps.Dispose() }
        }

        $reachable | Should -Be @($false, $true, $true)
    }

    It 'Ctrl+C with events in flight loses nothing: every event answered 200 was written, the rest are answered so Callbell resends them' {
        $port = Get-FreePort
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $ps = [PowerShell]::Create()
        $null = $ps.AddScript("Import-Module '$(Join-Path (Get-Module Callbell).ModuleBase 'Callbell.psd1')'; Receive-CallbellWebhook -Port $port -Secret '$secret' | ForEach-Object { Start-Sleep -Milliseconds 100; `$_.Payload.Name }")
        $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        $posters = $null
        try {
            $check = Wait-Listener $port
            # Twenty deliveries at once, as several Callbell workers could make.
            $posters = 1..20 | ForEach-Object {
                $body = "{""event"":""contact_created"",""payload"":{""name"":""Contact $_""}}"
                Start-ThreadJob -ArgumentList $port, $body, (& $signer $body $secret), "Contact $_" -ScriptBlock {
                    param($port, $body, $signature, $name)
                    $code = try { [int] (Invoke-WebRequest "http://127.0.0.1:$port/" -Method Post -Body $body -Headers @{ 'X-Callbell-Signature' = $signature } -SkipHttpErrorCheck -TimeoutSec 30).StatusCode } catch { 0 }
                    [pscustomobject]@{ Name = $name; Code = $code }
                }
            }
            for ($i = 0; $i -lt 600 -and $output.Count -lt 3; $i++) { Start-Sleep -Milliseconds 50 }
            $output.Count | Should -BeGreaterOrEqual 3

            $ps.Stop()
            $answers = $posters | Wait-Job -Timeout 30 | Receive-Job
        }
        finally {
            $ps.Dispose()
            $posters | Remove-Job -Force -ErrorAction SilentlyContinue
        }

        $answers.Count | Should -Be 20
        $acknowledged = @($answers | Where-Object Code -eq 200 | ForEach-Object Name)
        $acknowledged.Count | Should -BeGreaterOrEqual 3
        $acknowledged | Where-Object { $_ -notin $output } | Should -BeNullOrEmpty -Because 'an event answered 200 must have been written'
        @($answers | Where-Object Code -ne 200).Count | Should -BeGreaterThan 0 -Because 'events still waiting when it stopped are refused'
        $answers.Code | Where-Object { $_ -ne 200 -and $_ -ge 200 -and $_ -lt 300 } | Should -BeNullOrEmpty -Because 'a refusal must make Callbell resend'
    }

    It 'keeps one connection across deliveries, and reads a chunked body and one sent after 100 Continue' {
        $port = Get-FreePort
        $bodies = 1..3 | ForEach-Object { "{""event"":""contact_created"",""payload"":{""name"":""Contact $_""}}" }
        $signatures = $bodies | ForEach-Object { & $signer $_ $secret }
        # Plays Callbell on one raw connection, so nothing between hides how the receiver frames and keeps it.
        $job = Start-ThreadJob -ArgumentList $port, $bodies, $signatures, $rawHttp -ScriptBlock {
            param($port, $bodies, $signatures, $rawHttp)
            . ([scriptblock]::Create($rawHttp))
            $client = $null
            for ($i = 0; $i -lt 300 -and -not $client; $i++) {
                try { $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $port) } catch { Start-Sleep -Milliseconds 50 }
            }
            $stream = $client.GetStream()
            $stream.ReadTimeout = 30000
            $codes = [Collections.Generic.List[int]]::new()
            Send "GET / HTTP/1.1`r`nHost: 127.0.0.1`r`n`r`n"
            $codes.Add((Read-Status))
            Send "POST / HTTP/1.1`r`nHost: 127.0.0.1`r`nX-Callbell-Signature: $($signatures[0])`r`nContent-Length: $($bodies[0].Length)`r`n`r`n$($bodies[0])"
            $codes.Add((Read-Status))
            $b = $bodies[1]
            Send ("POST / HTTP/1.1`r`nHost: 127.0.0.1`r`nX-Callbell-Signature: $($signatures[1])`r`nTransfer-Encoding: chunked`r`n`r`n" +
                '{0:x}' -f 10 + "`r`n" + $b.Substring(0, 10) + "`r`n" + ('{0:x}' -f ($b.Length - 10)) + "`r`n" + $b.Substring(10) + "`r`n0`r`n`r`n")
            $codes.Add((Read-Status))
            Send "POST / HTTP/1.1`r`nHost: 127.0.0.1`r`nX-Callbell-Signature: $($signatures[2])`r`nExpect: 100-continue`r`nContent-Length: $($bodies[2].Length)`r`n`r`n"
            $codes.Add((Read-Status))
            Send $bodies[2]
            $codes.Add((Read-Status))
            $client.Dispose()
            , $codes.ToArray()
        }
        try {
            $names = Receive-CallbellWebhook -Port $port -Secret $secret -Count 3 -TimeoutSec 60 | ForEach-Object { $_.Payload.Name }
            $codes = $job | Wait-Job -Timeout 60 | Receive-Job
        }
        finally { $job | Remove-Job -Force }

        $names | Should -Be @('Contact 1', 'Contact 2', 'Contact 3')
        $codes | Should -Be @(200, 200, 200, 100, 200) -Because 'a check, a sized body, a chunked one, then 100 Continue and the body it asked for, all on one connection'
    }

    It 'a stop while events wait answers each one 503 on its kept-alive connection, then closes it: none is acknowledged unwritten' {
        $port = Get-FreePort
        $gate = [Threading.ManualResetEventSlim]::new($false)
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $ps = [PowerShell]::Create()
        # The pipeline takes the first event and then holds, so the rest wait in the receiver when it stops.
        $null = $ps.AddScript({
            param($module, $port, $secret, $gate)
            Import-Module $module
            Receive-CallbellWebhook -Port $port -Secret $secret | ForEach-Object { $_.Payload.Name; while (-not $gate.IsSet) { Start-Sleep -Milliseconds 20 } }
        }).AddArgument((Join-Path (Get-Module Callbell).ModuleBase 'Callbell.psd1')).AddArgument($port).AddArgument($secret).AddArgument($gate)
        $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        $sent = [hashtable]::Synchronized(@{ Count = 0 })
        $posters = $null
        try {
            $null = Wait-Listener $port
            $posters = 1..5 | ForEach-Object {
                $body = "{""event"":""contact_created"",""payload"":{""name"":""Contact $_""}}"
                Start-ThreadJob -ArgumentList $port, $body, (& $signer $body $secret), "Contact $_", $sent, $rawHttp -ScriptBlock {
                    param($port, $body, $signature, $name, $sent, $rawHttp)
                    . ([scriptblock]::Create($rawHttp))
                    $client = [Net.Sockets.TcpClient]::new('127.0.0.1', $port)
                    $stream = $client.GetStream()
                    $stream.ReadTimeout = 30000
                    # A connection check first: the delivery then rides a kept-alive connection.
                    Send "GET / HTTP/1.1`r`nHost: 127.0.0.1`r`n`r`n"
                    $check = Read-Answer
                    Send "POST / HTTP/1.1`r`nHost: 127.0.0.1`r`nX-Callbell-Signature: $signature`r`nContent-Length: $($body.Length)`r`n`r`n$body"
                    $sent.Count++
                    $answer = Read-Answer
                    $closed = try { $stream.ReadByte() -lt 0 } catch { $true }
                    $client.Dispose()
                    [pscustomobject]@{ Name = $name; Check = [int] $check.Substring(9, 3); Code = if ($answer) { [int] $answer.Substring(9, 3) } else { 0 }; Close = $answer -match 'Connection: close'; Closed = $closed }
                }
            }
            for ($i = 0; $i -lt 600 -and ($output.Count -lt 1 -or $sent.Count -lt 5); $i++) { Start-Sleep -Milliseconds 50 }
            $output.Count | Should -Be 1
            $sent.Count | Should -Be 5

            $ps.Stop()
            $answers = $posters | Wait-Job -Timeout 30 | Receive-Job
        }
        finally {
            $gate.Set()
            $ps.Dispose()
            $posters | Remove-Job -Force -ErrorAction SilentlyContinue
        }

        $answers.Count | Should -Be 5
        $answers.Check | Should -Be @(200, 200, 200, 200, 200)
        $answers.Code | Should -Be @(503, 503, 503, 503, 503) -Because 'every event that reached the receiver is answered: four waited, and the pipeline never finished with the first'
        $answers.Closed | Should -Be @($true, $true, $true, $true, $true) -Because 'a stopped receiver keeps no connection open'
        @($answers | Where-Object Close).Count | Should -BeGreaterOrEqual 4 -Because 'the events still waiting are refused by the stop itself, which says it is closing'
    }

    It 'Select-Object -First 2 writes two events and acknowledges exactly those' {
        $port = Get-FreePort
        $deliveries = 1..4 | ForEach-Object { $b = "{""event"":""contact_created"",""payload"":{""name"":""Contact $_""}}"; @{ Body = $b; Signature = (& $signer $b $secret) } }
        $job = Start-Poster $port $deliveries
        try {
            $names = Receive-CallbellWebhook -Port $port -Secret $secret -TimeoutSec 60 | Select-Object -First 2 | ForEach-Object { $_.Payload.Name }
            $posted = $job | Wait-Job -Timeout 60 | Receive-Job
        }
        finally { $job | Remove-Job -Force }

        $names | Should -Be @('Contact 1', 'Contact 2')
        $posted.Codes[0..1] | Should -Be @(200, 200)
        $posted.Codes[2..3] | ForEach-Object { $_ | Should -BeIn @(503, 0) }
    }

    It '-DeduplicateSec acknowledges a resend of a written event without writing it again' {
        $port = Get-FreePort
        $a = '{"event":"contact_created","payload":{"name":"Anna"}}'
        $b = '{"event":"contact_created","payload":{"name":"Bruno"}}'
        # Callbell re-signs a resend: same body, new signature.
        $job = Start-Poster $port @(
            @{ Body = $a; Signature = (& $signer $a $secret) }
            @{ Body = $a; Signature = (& $signer $a $secret ([DateTimeOffset]::UtcNow.ToUnixTimeSeconds() + 1)) }
            @{ Body = $b; Signature = (& $signer $b $secret) }
        )
        try {
            $names = Receive-CallbellWebhook -Port $port -Secret $secret -DeduplicateSec 60 -Count 2 -TimeoutSec 60 | ForEach-Object { $_.Payload.Name }
            $posted = $job | Wait-Job -Timeout 60 | Receive-Job
        }
        finally { $job | Remove-Job -Force }

        $names | Should -Be @('Anna', 'Bruno')
        $posted.Codes | Should -Be @(200, 200, 200)
    }
}

Describe 'Ready to publish: help, manifest, package' {
    It 'loads the build for this edition: net8.0 in PowerShell 7 (or its copy precompiled here by build.ps1), with PowerShell''s own System.Text.Json' {
        $base = (Get-Module Callbell).ModuleBase
        $precompiled = 'net' + [Environment]::Version.Major + '.0-' + [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
        $expected = if (Test-Path (Join-Path $base "$precompiled/Callbell.PowerShell.dll")) { $precompiled } else { 'net8.0' }
        $binary = (Get-Module Callbell).NestedModules | Where-Object Name -eq 'Callbell.PowerShell'

        $binary.Path | Should -BeLike ([IO.Path]::Combine('*', $expected, 'Callbell.PowerShell.dll'))
        [Callbell.CallbellClient].Assembly.Location | Should -BeLike ([IO.Path]::Combine('*', $expected, 'Callbell.dll'))
        [System.Text.Json.JsonSerializer].Assembly.Location | Should -Not -BeLike ($base + '*')
    }

    It 'a precompiled copy holds this build''s assemblies with native code that the runtime uses, and CALLBELL_NO_PRECOMPILED=1 keeps to net8.0' {
        function Read-Assembly([string] $path) {
            $stream = [IO.File]::OpenRead($path)
            try {
                $reader = [System.Reflection.PortableExecutable.PEReader]::new($stream)
                $metadata = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($reader)
                [pscustomobject]@{ Mvid = $metadata.GetGuid($metadata.GetModuleDefinition().Mvid); Native = $reader.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0 }
            }
            finally { $stream.Dispose() }
        }
        $base = (Get-Module Callbell).ModuleBase
        $pwsh = (Get-Process -Id $PID).Path
        $copies = @(Get-ChildItem $base -Directory | Where-Object Name -like 'net*.0-*-*')

        foreach ($copy in $copies) {
            foreach ($name in 'Callbell.dll', 'Callbell.PowerShell.dll') {
                $portable = Read-Assembly (Join-Path $base "net8.0/$name")
                $compiled = Read-Assembly (Join-Path $copy.FullName $name)
                $compiled.Mvid | Should -Be $portable.Mvid -Because "$($copy.Name)/$name must be this build's, not a stale one"
                $compiled.Native | Should -BeTrue -Because "$($copy.Name)/$name"
                $portable.Native | Should -BeFalse
            }
        }
        # How many methods the first request compiles at run time, in a new process: native code
        # the runtime turned down would show as many as the portable build's.
        $firstRequest = "Import-Module '$(Join-Path $base 'Callbell.psd1')'; `$s = Start-CallbellSandbox -Contacts 3; " +
            "`$before = [System.Runtime.JitInfo]::GetCompiledMethodCount(); `$null = Get-CallbellContact -First 1; " +
            "`$compiled = [System.Runtime.JitInfo]::GetCompiledMethodCount() - `$before; `$s | Stop-CallbellSandbox; [Callbell.CallbellClient].Assembly.Location; `$compiled"
        $default = & $pwsh -NoProfile -NonInteractive -Command $firstRequest
        $env:CALLBELL_NO_PRECOMPILED = '1'
        try { $portable = & $pwsh -NoProfile -NonInteractive -Command $firstRequest }
        finally { Remove-Item env:CALLBELL_NO_PRECOMPILED }

        $portable[0] | Should -BeLike ([IO.Path]::Combine('*', 'net8.0', 'Callbell.dll'))
        if ($default[0] -notlike ([IO.Path]::Combine('*', 'net8.0', 'Callbell.dll'))) {
            # The precompiled copy was loaded (about 140 methods against 330 in this PowerShell).
            [int] $default[1] | Should -BeLessThan (0.7 * [int] $portable[1]) -Because "$($default[0]) compiled $($default[1]) methods, net8.0 $($portable[1])"
        }
    }

    It 'Import-Module Callbell loads no emulator code; Start-CallbellSandbox loads it on first use' {
        $pwsh = (Get-Process -Id $PID).Path
        $manifest = Join-Path (Get-Module Callbell).ModuleBase 'Callbell.psd1'
        $loaded = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$manifest'; `$before = [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -like 'Callbell*' -join ','; `$s = Start-CallbellSandbox -Contacts 3 -NoConnect; `$after = [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -like 'Callbell*' -join ','; `$s | Stop-CallbellSandbox; `$before; `$after"

        $LASTEXITCODE | Should -Be 0
        $loaded[0] -split ',' | Sort-Object | Should -Be @('Callbell', 'Callbell.PowerShell')
        $loaded[1] -split ',' | Should -Contain 'Callbell.Sandbox'
    }

    It 'the phone-number library loads the first time a number is parsed, not at Import-Module or on other calls' {
        $pwsh = (Get-Process -Id $PID).Path
        $manifest = Join-Path (Get-Module Callbell).ModuleBase 'Callbell.psd1'
        $script = "Import-Module '$manifest'; `$s = Start-CallbellSandbox -Contacts 3; " +
            "function Loaded { [bool]([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'PhoneNumbers' }) }; " +
            "Loaded; `$null = Get-CallbellContact -All; Loaded; `$null = Get-CallbellContact -PhoneNumber '+39 333 000 0001'; Loaded; `$s | Stop-CallbellSandbox"

        $loaded = & $pwsh -NoProfile -NonInteractive -Command $script

        $LASTEXITCODE | Should -Be 0
        $loaded | Should -Be @('False', 'False', 'True')
    }

    It 'finds the seven about topics, and full help with examples, defaults and related links' {
        (Get-Help about_CallbellPS*).Name | Sort-Object | Should -Be @('about_CallbellPS', 'about_CallbellPS_Csv', 'about_CallbellPS_Errors', 'about_CallbellPS_Journal', 'about_CallbellPS_Paging', 'about_CallbellPS_Runbooks', 'about_CallbellPS_Webhooks')
        "$(Get-Help about_CallbellPS_Webhooks)" | Should -Match 'X-Callbell-Signature'

        foreach ($command in Get-Command -Module Callbell) {
            $help = Get-Help $command.Name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because $command.Name
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2 -Because $command.Name
            $help.relatedLinks.navigationLink.linkText | Should -Contain 'about_CallbellPS_Errors' -Because $command.Name
            if ($command.CommandType -eq 'Cmdlet') {
                # Get-Help -Online opens the first link: the cmdlet's own page, which the repository holds.
                $online = @($help.relatedLinks.navigationLink)[0].uri
                $online | Should -Be "https://github.com/callbellps/CallbellPS/blob/main/docs/cmdlets/$($command.Name).md"
                Test-Path (Join-Path $PSScriptRoot "../../docs/cmdlets/$($command.Name).md") | Should -BeTrue -Because $online
            }
        }
        $receive = Get-Help Receive-CallbellWebhook -Full
        ($receive.parameters.parameter | Where-Object name -eq QueueLimit).defaultValue | Should -Be '100'
        ($receive.parameters.parameter | Where-Object name -eq Port).pipelineInput | Should -Be 'False'
    }

    It 'runs every help example that needs no variable, file or prompt against a fresh sandbox, with no binding or input error' {
        $fresh = Start-CallbellSandbox -Contacts 30
        $ConfirmPreference = 'None'
        $needsMore = 'Read-Host|Receive-CallbellWebhook|Connect-Callbell|Disconnect-Callbell|Start-CallbellSandbox|Stop-CallbellSandbox|\$|\./|Get-Content|Import-Csv|Export-Csv'
        $ran = 0
        $wrong = foreach ($command in Get-Command -Module Callbell) {
            foreach ($example in (Get-Help $command.Name -Full).examples.example) {
                $code = ($example.code -join "`n").Trim()
                if ($code -match $needsMore) { continue }
                $ran++
                $records = try { & ([scriptblock]::Create($code)) 2>&1 } catch { $_ }
                foreach ($record in @($records) | Where-Object { $_ -is [Management.Automation.ErrorRecord] }) {
                    # The API may answer "not found" for an example's made-up id; a wrong parameter or value is the example's fault.
                    if ($record.Exception -is [Management.Automation.ParameterBindingException] -or $record.Exception -is [Management.Automation.CommandNotFoundException] -or
                        $record.Exception -is [Management.Automation.ParseException] -or $record.FullyQualifiedErrorId -like 'Callbell.InvalidArgument*') {
                        "$($command.Name): $code -> $record"
                    }
                }
            }
        }
        $fresh | Stop-CallbellSandbox
        Connect-Sandbox

        $wrong | Should -BeNullOrEmpty
        $ran | Should -BeGreaterThan 30
    }

    It 'has a manifest that passes Test-ModuleManifest, with project, license and icon in the repository' {
        $manifest = Test-ModuleManifest (Join-Path (Get-Module Callbell).ModuleBase 'Callbell.psd1')
        $repo = Join-Path $PSScriptRoot '../..'

        $manifest.Version | Should -Be (Get-Module Callbell).Version
        $manifest.ExportedCmdlets.Count + $manifest.ExportedFunctions.Count | Should -Be (Get-Command -Module Callbell).Count
        $manifest.ExportedFunctions.Keys | Sort-Object | Should -Be @('Start-CallbellSandbox', 'Stop-CallbellSandbox')
        $manifest.LicenseUri.AbsoluteUri | Should -BeLike "$($manifest.ProjectUri.AbsoluteUri)/blob/main/*"
        Test-Path (Join-Path $repo ($manifest.LicenseUri.AbsoluteUri -replace '^.*/blob/main/')) | Should -BeTrue
        Test-Path (Join-Path $repo ($manifest.IconUri.AbsoluteUri -replace '^.*/CallbellPS/main/')) | Should -BeTrue
        Get-Content (Join-Path $repo 'CHANGELOG.md') -Raw | Should -Match "(?m)^## $([regex]::Escape($manifest.Version.ToString())) "
    }

    It 'packs a .nupkg that NuGet takes, and Install-PSResource installs it into a user profile, from where it imports and runs' {
        Get-Command dotnet -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty -Because 'NuGet (in the .NET SDK that builds the module) reads the package here'
        $work = Join-Path ([IO.Path]::GetTempPath()) ('callbell-package-' + [guid]::NewGuid().ToString('N'))
        $feed = New-Item -ItemType Directory (Join-Path $work 'feed')
        try {
            $package = & (Join-Path $PSScriptRoot '../../build.ps1') -Task Package -NoBuild -PackagePath $feed 6>$null | Select-Object -Last 1
            $version = (Get-Module Callbell).Version.ToString()
            $package | Should -BeLike "*Callbell.$version.nupkg"

            # NuGet itself reads and extracts it: a local repository accepts it.
            $framework = 'net' + (dotnet --version).Split('.')[0] + '.0' # the SDK's own: no other package to restore
            Set-Content (Join-Path $work 'probe.csproj') "<Project Sdk=""Microsoft.NET.Sdk""><PropertyGroup><TargetFramework>$framework</TargetFramework></PropertyGroup><ItemGroup><PackageReference Include=""Callbell"" Version=""$version"" /></ItemGroup></Project>"
            $restore = dotnet restore (Join-Path $work 'probe.csproj') --source $feed --packages (Join-Path $work 'packages') 2>&1
            $LASTEXITCODE | Should -Be 0 -Because "$restore"
            $extracted = Join-Path $work "packages/callbell/$version"
            [xml] $nuspec = Get-Content (Join-Path $extracted 'callbell.nuspec') -Raw
            $nuspec.package.metadata.releaseNotes | Should -Match 'Webhooks'
            $nuspec.package.metadata.tags -split ' ' | Should -Contain 'PSCmdlet_Receive-CallbellWebhook'

            # Installed the way the README says, with PSResourceGet, into a throwaway user profile
            # (its CurrentUser scope and repository list live under HOME), then used from there.
            $readme = Get-Content (Join-Path $PSScriptRoot '../../README.md') -Raw
            $readme | Should -Match ([regex]::Escape('Register-PSResourceRepository -Name Local -Uri ./out -Trusted'))
            $readme | Should -Match ([regex]::Escape('Install-PSResource Callbell -Repository Local'))
            $userProfile = New-Item -ItemType Directory (Join-Path $work 'home')
            # .NET hands out a profile folder only once it exists; else PSResourceGet writes beside the current directory.
            foreach ($folder in '.local/share', '.config', '.cache') { $null = New-Item -ItemType Directory (Join-Path $userProfile $folder) -Force }
            $pwsh = (Get-Process -Id $PID).Path
            $script = @"
`$ErrorActionPreference = 'Stop'
Set-Location '$work'
Register-PSResourceRepository -Name Local -Uri '$feed' -Trusted
Install-PSResource Callbell -Repository Local
Import-Module Callbell
`$null = Start-CallbellSandbox -Contacts 3
(Get-Module Callbell).ModuleBase
(Get-Command -Module Callbell).Count
(Get-CallbellContact -First 1).Uuid.Length
(Get-InstalledPSResource Callbell).Version.ToString()
"@
            $saved = $env:HOME, $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME, $env:XDG_CACHE_HOME, $env:PSModulePath
            try {
                $env:HOME = $userProfile.FullName
                $env:XDG_DATA_HOME = Join-Path $userProfile '.local/share'
                $env:XDG_CONFIG_HOME = Join-Path $userProfile '.config'
                $env:XDG_CACHE_HOME = Join-Path $userProfile '.cache'
                $env:PSModulePath = $null
                $out = & $pwsh -NoProfile -NonInteractive -Command $script 2>&1
            }
            finally { $env:HOME, $env:XDG_DATA_HOME, $env:XDG_CONFIG_HOME, $env:XDG_CACHE_HOME, $env:PSModulePath = $saved }

            $LASTEXITCODE | Should -Be 0 -Because "$out"
            $out[0] | Should -BeLike (Join-Path $userProfile.FullName '*')
            $out[0] | Should -BeLike "*Callbell*$version"
            [int] $out[1] | Should -Be (Get-Command -Module Callbell).Count
            [int] $out[2] | Should -Be 32
            $out[3] | Should -Be $version
            Test-Path (Join-Path $userProfile.FullName '.local/share/PSResourceGet') | Should -BeTrue -Because 'the repository list stays in the throwaway profile'
        }
        finally { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
    }
}
