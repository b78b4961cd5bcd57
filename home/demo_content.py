"""Texts of the demo site in Swedish (the source) and its translations.

Every page has the same structure in every language: the same blocks in the
same order. ``seed_demo`` pairs them up to fill wagtail-localize's translation
memory, so the translated pages stay linked to the Swedish source.

Blocks: ``("p", text)`` paragraph, ``("h", text)`` heading,
``("q", text, attribution)`` quote, ``("feedback",)`` the engine's feedback
block showing the default form. A source page may set ``"show_feedback"``.
"""

SOURCE_LANGUAGE = "sv"
TARGET_LANGUAGES = ["nb", "da", "en"]
LANGUAGES = [SOURCE_LANGUAGE, *TARGET_LANGUAGES]

SITE_NAME = "Kommunen (demo)"

HOME = {
    "sv": {
        "title": "Kommunen",
        "slug": "hem",
        "intro": (
            "Välkommen till kommunens webbplats. Här hittar du information om stöd, omsorg och tjänster – "
            "och du kan berätta för oss vad du tycker om sidorna."
        ),
        "body": [
            (
                "p",
                "Vi vill att informationen ska vara lätt att hitta och lätt att förstå. Längst ner på varje sida "
                "kan du svara på om sidan var till hjälp. Dina svar är anonyma och hjälper oss att förbättra "
                "webbplatsen.",
            ),
        ],
    },
    "nb": {
        "title": "Kommunen",
        "slug": "hjem",
        "intro": (
            "Velkommen til kommunens nettsted. Her finner du informasjon om støtte, omsorg og tjenester – "
            "og du kan fortelle oss hva du synes om sidene."
        ),
        "body": [
            (
                "p",
                "Vi vil at informasjonen skal være lett å finne og lett å forstå. Nederst på hver side kan du "
                "svare på om siden var til hjelp. Svarene dine er anonyme og hjelper oss med å forbedre "
                "nettstedet.",
            ),
        ],
    },
    "da": {
        "title": "Kommunen",
        "slug": "forside",
        "intro": (
            "Velkommen til kommunens hjemmeside. Her finder du information om støtte, omsorg og service – "
            "og du kan fortælle os, hvad du synes om siderne."
        ),
        "body": [
            (
                "p",
                "Vi vil gerne have, at informationen er let at finde og let at forstå. Nederst på hver side kan "
                "du svare på, om siden var til hjælp. Dine svar er anonyme og hjælper os med at forbedre "
                "hjemmesiden.",
            ),
        ],
    },
    "en": {
        "title": "The Municipality",
        "slug": "home",
        "intro": (
            "Welcome to the municipality's website. Here you will find information about support, care and "
            "services – and you can tell us what you think of the pages."
        ),
        "body": [
            (
                "p",
                "We want information to be easy to find and easy to understand. At the bottom of every page you "
                "can tell us whether the page was helpful. Your answers are anonymous and help us improve the "
                "website.",
            ),
        ],
    },
}

CONTENT_PAGES = [
    # Personal assistance
    {
        "sv": {
            "title": "Personlig assistans",
            "slug": "personlig-assistans",
            "intro": "Personlig assistans är ett stöd för dig som har en omfattande funktionsnedsättning och "
            "behöver hjälp i vardagen för att kunna leva som andra.",
            "body": [
                (
                    "p",
                    "Assistansen är individuellt utformad och ges av ett begränsat antal personer. Du kan få "
                    "hjälp med till exempel personlig hygien, måltider, av- och påklädning och att kommunicera "
                    "med andra. Stödet ska ge dig möjlighet att bestämma över ditt eget liv.",
                ),
                ("h", "Så ansöker du"),
                (
                    "p",
                    "Du ansöker hos kommunens biståndshandläggare för LSS. Om du behöver hjälp med dina "
                    "grundläggande behov mer än 20 timmar i veckan är det Försäkringskassan som prövar din rätt "
                    "till assistansersättning. Handläggaren hjälper dig att reda ut vilken ansökan som passar dig.",
                ),
                (
                    "p",
                    "Du väljer själv om kommunen eller en privat anordnare ska utföra assistansen. Du kan också "
                    "vara din egen arbetsgivare för dina assistenter. Valet kan ändras om dina behov eller "
                    "önskemål förändras.",
                ),
            ],
        },
        "nb": {
            "title": "Personlig assistanse",
            "slug": "personlig-assistanse",
            "intro": "Personlig assistanse er en støtte for deg som har en omfattende funksjonsnedsettelse og "
            "trenger hjelp i hverdagen for å kunne leve som andre.",
            "body": [
                (
                    "p",
                    "Assistansen er individuelt tilpasset og gis av et begrenset antall personer. Du kan få "
                    "hjelp med for eksempel personlig hygiene, måltider, av- og påkledning og å kommunisere med "
                    "andre. Støtten skal gi deg mulighet til å bestemme over ditt eget liv.",
                ),
                ("h", "Slik søker du"),
                (
                    "p",
                    "Du søker hos kommunens saksbehandler for LSS. Hvis du trenger hjelp med de grunnleggende "
                    "behovene dine mer enn 20 timer i uken, er det Försäkringskassan (den svenske trygdeetaten) "
                    "som vurderer din rett til assistansestønad. Saksbehandleren hjelper deg med å finne ut "
                    "hvilken søknad som passer for deg.",
                ),
                (
                    "p",
                    "Du velger selv om kommunen eller en privat leverandør skal utføre assistansen. Du kan også "
                    "være din egen arbeidsgiver for assistentene dine. Valget kan endres hvis behovene eller "
                    "ønskene dine endrer seg.",
                ),
            ],
        },
        "da": {
            "title": "Personlig assistance",
            "slug": "personlig-assistance",
            "intro": "Personlig assistance er en støtte til dig, der har en omfattende funktionsnedsættelse og "
            "har brug for hjælp i hverdagen for at kunne leve som andre.",
            "body": [
                (
                    "p",
                    "Assistancen er tilrettelagt individuelt og gives af et begrænset antal personer. Du kan få "
                    "hjælp til for eksempel personlig hygiejne, måltider, af- og påklædning og til at "
                    "kommunikere med andre. Støtten skal give dig mulighed for at bestemme over dit eget liv.",
                ),
                ("h", "Sådan ansøger du"),
                (
                    "p",
                    "Du ansøger hos kommunens sagsbehandler for LSS. Hvis du har brug for hjælp til dine "
                    "grundlæggende behov i mere end 20 timer om ugen, er det Försäkringskassan (den svenske "
                    "socialforsikring), der vurderer din ret til assistanceydelse. Sagsbehandleren hjælper dig "
                    "med at finde ud af, hvilken ansøgning der passer til dig.",
                ),
                (
                    "p",
                    "Du vælger selv, om kommunen eller en privat leverandør skal udføre assistancen. Du kan også "
                    "selv være arbejdsgiver for dine assistenter. Valget kan ændres, hvis dine behov eller ønsker "
                    "ændrer sig.",
                ),
            ],
        },
        "en": {
            "title": "Personal assistance",
            "slug": "personal-assistance",
            "intro": "Personal assistance is support for people with extensive disabilities who need help in "
            "everyday life to be able to live like everyone else.",
            "body": [
                (
                    "p",
                    "The assistance is designed around you and provided by a small number of people. You can get "
                    "help with, for example, personal hygiene, meals, dressing and undressing, and communicating "
                    "with others. The support should let you make the decisions about your own life.",
                ),
                ("h", "How to apply"),
                (
                    "p",
                    "You apply to the municipality's LSS needs assessor. If you need help with your basic needs "
                    "for more than 20 hours a week, the Swedish Social Insurance Agency (Försäkringskassan) "
                    "assesses your right to assistance allowance. The assessor will help you work out which "
                    "application is right for you.",
                ),
                (
                    "p",
                    "You choose whether the municipality or a private provider delivers the assistance. You can "
                    "also be the employer of your own assistants. You can change your choice if your needs or "
                    "wishes change.",
                ),
            ],
        },
    },
    # Rehabilitation
    {
        "sv": {
            "title": "Rehabilitering",
            "slug": "rehabilitering",
            "intro": "Kommunens rehabilitering hjälper dig att återfå eller behålla förmågor efter sjukdom, skada "
            "eller vid funktionsnedsättning, så att du kan klara vardagen så självständigt som möjligt.",
            "body": [
                (
                    "p",
                    "Arbetsterapeuter och fysioterapeuter arbetar tillsammans med dig utifrån dina egna mål. Det "
                    "kan handla om att kunna laga mat igen, gå ut på promenad eller ta sig i och ur duschen. "
                    "Träningen sker oftast i ditt hem, där du behöver klara dig.",
                ),
                (
                    "p",
                    "Efter en sjukhusvistelse kan du få rehabilitering i hemmet under de första veckorna. Vi "
                    "planerar insatserna tillsammans med dig, dina närstående och sjukhuset innan du skrivs ut.",
                ),
                (
                    "q",
                    "Jag fick träna på det jag faktiskt behövde hemma, inte på något som bara fungerade i en "
                    "träningssal.",
                    "Deltagare i hemrehabilitering",
                ),
                (
                    "p",
                    "Du kan också få hjälpmedel som rollator, duschstol eller hjälpmedel för minnet. De flesta "
                    "hjälpmedel lånas ut utan kostnad, och du får lära dig att använda dem på ett säkert sätt.",
                ),
            ],
        },
        "nb": {
            "title": "Rehabilitering",
            "slug": "rehabilitering",
            "intro": "Kommunens rehabilitering hjelper deg med å gjenvinne eller beholde ferdigheter etter "
            "sykdom, skade eller ved funksjonsnedsettelse, slik at du kan klare hverdagen så selvstendig "
            "som mulig.",
            "body": [
                (
                    "p",
                    "Ergoterapeuter og fysioterapeuter jobber sammen med deg ut fra dine egne mål. Det kan "
                    "handle om å kunne lage mat igjen, gå en tur eller komme inn og ut av dusjen. Treningen skjer "
                    "oftest i hjemmet ditt, der du trenger å klare deg.",
                ),
                (
                    "p",
                    "Etter et sykehusopphold kan du få rehabilitering i hjemmet de første ukene. Vi planlegger "
                    "tiltakene sammen med deg, dine pårørende og sykehuset før du skrives ut.",
                ),
                (
                    "q",
                    "Jeg fikk trene på det jeg faktisk trengte hjemme, ikke på noe som bare fungerte i en treningssal.",
                    "Deltaker i hjemmerehabilitering",
                ),
                (
                    "p",
                    "Du kan også få hjelpemidler som rullator, dusjstol eller hjelpemidler for hukommelsen. De "
                    "fleste hjelpemidler lånes ut uten kostnad, og du får lære å bruke dem på en trygg måte.",
                ),
            ],
        },
        "da": {
            "title": "Genoptræning",
            "slug": "genoptraening",
            "intro": "Kommunens genoptræning hjælper dig med at genvinde eller bevare færdigheder efter sygdom, "
            "skade eller ved funktionsnedsættelse, så du kan klare hverdagen så selvstændigt som muligt.",
            "body": [
                (
                    "p",
                    "Ergoterapeuter og fysioterapeuter arbejder sammen med dig ud fra dine egne mål. Det kan "
                    "handle om at kunne lave mad igen, gå en tur eller komme ind og ud af bruseren. Træningen "
                    "foregår oftest i dit hjem, hvor du har brug for at klare dig.",
                ),
                (
                    "p",
                    "Efter en indlæggelse kan du få genoptræning i hjemmet i de første uger. Vi planlægger "
                    "indsatsen sammen med dig, dine pårørende og sygehuset, før du bliver udskrevet.",
                ),
                (
                    "q",
                    "Jeg fik trænet det, jeg faktisk havde brug for derhjemme, ikke noget, der kun fungerede i "
                    "en træningssal.",
                    "Deltager i genoptræning i hjemmet",
                ),
                (
                    "p",
                    "Du kan også få hjælpemidler som rollator, badestol eller hjælpemidler til hukommelsen. De "
                    "fleste hjælpemidler udlånes gratis, og du lærer at bruge dem på en sikker måde.",
                ),
            ],
        },
        "en": {
            "title": "Rehabilitation",
            "slug": "rehabilitation",
            "intro": "The municipality's rehabilitation service helps you regain or keep abilities after illness "
            "or injury, or if you have a disability, so that you can manage everyday life as "
            "independently as possible.",
            "body": [
                (
                    "p",
                    "Occupational therapists and physiotherapists work with you towards your own goals. That "
                    "might mean being able to cook again, going out for a walk or getting in and out of the "
                    "shower. Training usually takes place in your home, where you need to manage.",
                ),
                (
                    "p",
                    "After a hospital stay you can receive rehabilitation at home during the first few weeks. We "
                    "plan the support together with you, your family and the hospital before you are "
                    "discharged.",
                ),
                (
                    "q",
                    "I got to practise what I actually needed at home, not something that only worked in a gym.",
                    "Participant in home rehabilitation",
                ),
                (
                    "p",
                    "You can also borrow assistive devices such as a walker, a shower chair or memory aids. Most "
                    "devices are lent free of charge, and you will learn how to use them safely.",
                ),
            ],
        },
    },
    # Co-creation with residents
    {
        "sv": {
            "title": "Medskapande med invånare",
            "slug": "medskapande",
            # The form is placed in the body with the feedback block instead of at the end.
            "show_feedback": False,
            "intro": "Vi utvecklar kommunens tjänster tillsammans med de människor som använder dem. Dina "
            "erfarenheter gör tjänsterna bättre.",
            "body": [
                (
                    "p",
                    "Medskapande betyder att invånare, brukare och anhöriga är med från början när vi förändrar "
                    "en tjänst – inte bara när allt redan är bestämt. Vi bjuder in till workshoppar, intervjuer "
                    "och tester av nya blanketter och webbsidor.",
                ),
                ("h", "Så kan du delta"),
                (
                    "p",
                    "Anmäl ditt intresse till kommunens kontaktcenter så hör vi av oss när ett projekt passar "
                    "dig. Du kan delta en gång eller följa ett arbete under längre tid. Vi ersätter dig för din "
                    "tid och ordnar tolk eller ledsagare vid behov.",
                ),
                (
                    "p",
                    "Varje sida på webbplatsen har också ett kort formulär där du kan tala om vad du tycker. Vi "
                    "läser alla svar och redovisar varje år vad vi har ändrat tack vare dem.",
                ),
                ("feedback",),
            ],
        },
        "nb": {
            "title": "Samskaping med innbyggere",
            "slug": "samskaping",
            "intro": "Vi utvikler kommunens tjenester sammen med menneskene som bruker dem. Dine erfaringer gjør "
            "tjenestene bedre.",
            "body": [
                (
                    "p",
                    "Samskaping betyr at innbyggere, brukere og pårørende er med fra starten når vi endrer en "
                    "tjeneste – ikke bare når alt allerede er bestemt. Vi inviterer til verksteder, intervjuer "
                    "og testing av nye skjemaer og nettsider.",
                ),
                ("h", "Slik kan du delta"),
                (
                    "p",
                    "Meld din interesse til kommunens servicesenter, så tar vi kontakt når et prosjekt passer for "
                    "deg. Du kan delta én gang eller følge et arbeid over lengre tid. Vi kompenserer deg for "
                    "tiden din og ordner tolk eller ledsager ved behov.",
                ),
                (
                    "p",
                    "Hver side på nettstedet har også et kort skjema der du kan si hva du synes. Vi leser alle "
                    "svarene og forteller hvert år hva vi har endret takket være dem.",
                ),
                ("feedback",),
            ],
        },
        "da": {
            "title": "Samskabelse med borgerne",
            "slug": "samskabelse",
            "intro": "Vi udvikler kommunens tilbud sammen med de mennesker, der bruger dem. Dine erfaringer gør "
            "tilbuddene bedre.",
            "body": [
                (
                    "p",
                    "Samskabelse betyder, at borgere, brugere og pårørende er med fra begyndelsen, når vi ændrer "
                    "et tilbud – ikke først når alt allerede er besluttet. Vi inviterer til workshops, interviews "
                    "og test af nye blanketter og hjemmesider.",
                ),
                ("h", "Sådan kan du deltage"),
                (
                    "p",
                    "Meld din interesse til kommunens borgerservice, så kontakter vi dig, når et projekt passer "
                    "til dig. Du kan deltage én gang eller følge et arbejde over længere tid. Vi kompenserer dig "
                    "for din tid og sørger for tolk eller ledsager efter behov.",
                ),
                (
                    "p",
                    "Hver side på hjemmesiden har også en kort formular, hvor du kan fortælle, hvad du synes. Vi "
                    "læser alle svar og fortæller hvert år, hvad vi har ændret takket være dem.",
                ),
                ("feedback",),
            ],
        },
        "en": {
            "title": "Co-creation with residents",
            "slug": "co-creation",
            "intro": "We develop the municipality's services together with the people who use them. Your "
            "experience makes the services better.",
            "body": [
                (
                    "p",
                    "Co-creation means that residents, service users and their families are involved from the "
                    "start when we change a service – not only once everything has been decided. We invite "
                    "people to workshops, interviews and tests of new forms and web pages.",
                ),
                ("h", "How to take part"),
                (
                    "p",
                    "Register your interest with the municipality's contact centre and we will get in touch when "
                    "a project suits you. You can take part once or follow a piece of work over a longer period. "
                    "We compensate you for your time and arrange an interpreter or companion if you need one.",
                ),
                (
                    "p",
                    "Every page on the website also has a short form where you can tell us what you think. We "
                    "read every answer and report each year on what we have changed because of them.",
                ),
                ("feedback",),
            ],
        },
    },
    # Transport service for disabled people
    {
        "sv": {
            "title": "Färdtjänst",
            "slug": "fardtjanst",
            "intro": "Färdtjänst är resor med taxi eller specialfordon för dig som på grund av en varaktig "
            "funktionsnedsättning har svårt att resa med kollektivtrafiken.",
            "body": [
                (
                    "p",
                    "För att få färdtjänst ska funktionsnedsättningen bestå i minst tre månader. Du ansöker hos "
                    "kommunen och beskriver hur dina besvär påverkar dina möjligheter att gå till hållplatsen, "
                    "kliva på bussen eller resa på egen hand.",
                ),
                (
                    "p",
                    "Du betalar en egenavgift för varje resa, ungefär som en vanlig bussbiljett. Resan beställer "
                    "du senast en timme innan du vill åka. Har du tillstånd för ledsagare får en person följa "
                    "med utan extra kostnad.",
                ),
                (
                    "p",
                    "Om du ska resa utanför kommunen, till exempel för att hälsa på släkt, kan du ansöka om "
                    "riksfärdtjänst. Den gäller för resor inom Sverige och beviljas för varje resa.",
                ),
            ],
        },
        "nb": {
            "title": "Tilrettelagt transport",
            "slug": "tilrettelagt-transport",
            "intro": "Tilrettelagt transport er reiser med drosje eller spesialbil for deg som på grunn av en "
            "varig funksjonsnedsettelse har vanskelig for å reise med kollektivtransport.",
            "body": [
                (
                    "p",
                    "For å få tilrettelagt transport må funksjonsnedsettelsen vare i minst tre måneder. Du søker "
                    "hos kommunen og beskriver hvordan plagene påvirker mulighetene dine til å gå til "
                    "holdeplassen, gå på bussen eller reise på egen hånd.",
                ),
                (
                    "p",
                    "Du betaler en egenandel for hver tur, omtrent som en vanlig bussbillett. Turen bestiller du "
                    "senest en time før du vil reise. Har du tillatelse til ledsager, kan én person bli med uten "
                    "ekstra kostnad.",
                ),
                (
                    "p",
                    "Hvis du skal reise utenfor kommunen, for eksempel for å besøke familie, kan du søke om "
                    "riksfärdtjänst. Den gjelder for reiser innenfor Sverige og innvilges for hver enkelt reise.",
                ),
            ],
        },
        "da": {
            "title": "Handicapkørsel",
            "slug": "handicapkorsel",
            "intro": "Handicapkørsel er kørsel i taxa eller specialkøretøj for dig, der på grund af en varig "
            "funktionsnedsættelse har svært ved at bruge den kollektive trafik.",
            "body": [
                (
                    "p",
                    "For at få handicapkørsel skal funktionsnedsættelsen vare i mindst tre måneder. Du ansøger "
                    "hos kommunen og beskriver, hvordan dine gener påvirker dine muligheder for at gå til "
                    "stoppestedet, stige på bussen eller rejse på egen hånd.",
                ),
                (
                    "p",
                    "Du betaler en egenbetaling for hver tur, omtrent som en almindelig busbillet. Turen bestiller "
                    "du senest en time, før du vil køre. Har du tilladelse til ledsager, kan én person køre med "
                    "uden ekstra udgift.",
                ),
                (
                    "p",
                    "Hvis du skal rejse uden for kommunen, for eksempel for at besøge familie, kan du søge om "
                    "riksfärdtjänst. Den gælder for rejser inden for Sverige og bevilges for hver enkelt rejse.",
                ),
            ],
        },
        "en": {
            "title": "Transport service",
            "slug": "transport-service",
            "intro": "The transport service (färdtjänst) offers trips by taxi or specially adapted vehicle if a "
            "long-term disability makes it hard for you to use public transport.",
            "body": [
                (
                    "p",
                    "To qualify, your disability must be expected to last for at least three months. You apply to "
                    "the municipality and describe how your condition affects your ability to walk to the stop, "
                    "board the bus or travel on your own.",
                ),
                (
                    "p",
                    "You pay a fee for each trip, roughly the same as an ordinary bus ticket. Book your trip at "
                    "least one hour before you want to travel. If you are approved for a companion, one person "
                    "may travel with you at no extra cost.",
                ),
                (
                    "p",
                    "If you need to travel outside the municipality, for example to visit relatives, you can apply "
                    "for the national transport service (riksfärdtjänst). It covers journeys within Sweden and is "
                    "granted for each journey.",
                ),
            ],
        },
    },
    # Care for older people
    {
        "sv": {
            "title": "Äldreomsorg",
            "slug": "aldreomsorg",
            "intro": "När det blir svårare att klara vardagen på egen hand kan du få stöd från kommunens "
            "äldreomsorg, både hemma och i särskilt boende.",
            "body": [
                (
                    "p",
                    "Hemtjänsten hjälper dig med det du inte längre klarar själv, till exempel att handla, städa, "
                    "duscha eller ta dina läkemedel. Du bestämmer tillsammans med biståndshandläggaren vilka "
                    "insatser du behöver och när de ska utföras.",
                ),
                ("h", "Trygghet dygnet runt"),
                (
                    "p",
                    "Med ett trygghetslarm kan du larma dygnet runt om du har fallit eller behöver hjälp. "
                    "Dagverksamhet ger gemenskap och aktiviteter, och korttidsboende kan avlasta dig och dina "
                    "anhöriga under en period.",
                ),
                (
                    "p",
                    "Om du behöver omsorg och tillsyn hela tiden kan du ansöka om plats på ett särskilt boende. "
                    "Där har du en egen lägenhet och personal finns tillgänglig dygnet runt.",
                ),
            ],
        },
        "nb": {
            "title": "Eldreomsorg",
            "slug": "eldreomsorg",
            "intro": "Når det blir vanskeligere å klare hverdagen på egen hånd, kan du få støtte fra kommunens "
            "eldreomsorg, både hjemme og i omsorgsbolig.",
            "body": [
                (
                    "p",
                    "Hjemmetjenesten hjelper deg med det du ikke lenger klarer selv, for eksempel å handle, "
                    "vaske, dusje eller ta medisinene dine. Du bestemmer sammen med saksbehandleren hvilke "
                    "tjenester du trenger og når de skal utføres.",
                ),
                ("h", "Trygghet hele døgnet"),
                (
                    "p",
                    "Med en trygghetsalarm kan du varsle hele døgnet hvis du har falt eller trenger hjelp. "
                    "Dagaktivitetstilbud gir fellesskap og aktiviteter, og korttidsopphold kan avlaste deg og "
                    "dine pårørende i en periode.",
                ),
                (
                    "p",
                    "Hvis du trenger omsorg og tilsyn hele tiden, kan du søke om plass i en omsorgsbolig med "
                    "heldøgns bemanning. Der har du din egen leilighet, og personalet er tilgjengelig hele "
                    "døgnet.",
                ),
            ],
        },
        "da": {
            "title": "Ældrepleje",
            "slug": "aeldrepleje",
            "intro": "Når det bliver sværere at klare hverdagen på egen hånd, kan du få støtte fra kommunens "
            "ældrepleje, både hjemme og i plejebolig.",
            "body": [
                (
                    "p",
                    "Hjemmeplejen hjælper dig med det, du ikke længere selv kan klare, for eksempel at handle, "
                    "gøre rent, gå i bad eller tage din medicin. Du aftaler med sagsbehandleren, hvilken hjælp "
                    "du har brug for, og hvornår den skal gives.",
                ),
                ("h", "Tryghed døgnet rundt"),
                (
                    "p",
                    "Med et nødkaldeanlæg kan du tilkalde hjælp døgnet rundt, hvis du er faldet eller har brug "
                    "for hjælp. Dagtilbud giver fællesskab og aktiviteter, og et midlertidigt ophold kan aflaste "
                    "dig og dine pårørende i en periode.",
                ),
                (
                    "p",
                    "Hvis du har brug for omsorg og tilsyn hele tiden, kan du søge om en plejebolig. Der har du "
                    "din egen lejlighed, og personalet er til stede døgnet rundt.",
                ),
            ],
        },
        "en": {
            "title": "Care for older people",
            "slug": "care-for-older-people",
            "intro": "When everyday life becomes harder to manage on your own, you can get support from the "
            "municipality's care for older people, both at home and in residential care.",
            "body": [
                (
                    "p",
                    "Home care helps you with things you can no longer do yourself, such as shopping, cleaning, "
                    "showering or taking your medicines. Together with your needs assessor, you decide what help "
                    "you need and when it should be given.",
                ),
                ("h", "Safety around the clock"),
                (
                    "p",
                    "With a personal safety alarm you can call for help day and night if you have fallen or need "
                    "assistance. Day centres offer company and activities, and short-term stays can give you and "
                    "your family a break for a while.",
                ),
                (
                    "p",
                    "If you need care and supervision at all times, you can apply for a place in residential "
                    "care. You will have your own flat, and staff are available around the clock.",
                ),
            ],
        },
    },
    # Building permits
    {
        "sv": {
            "title": "Bygglov",
            "slug": "bygglov",
            "intro": "Du behöver bygglov för att bygga nytt, bygga till eller ändra användningen av en byggnad. "
            "Här får du veta hur du ansöker och hur lång tid det tar.",
            "body": [
                (
                    "p",
                    "Börja med att kontrollera vad detaljplanen säger om din fastighet. Du kan boka ett "
                    "kostnadsfritt förhandsmöte med en bygglovshandläggare som går igenom dina planer och "
                    "berättar vilka handlingar du behöver.",
                ),
                (
                    "p",
                    "Ansökan gör du digitalt via kommunens e-tjänst. Till ansökan bifogar du bland annat "
                    "situationsplan, fasadritningar och planritning. När ansökan är komplett har kommunen tio "
                    "veckor på sig att fatta beslut.",
                ),
                (
                    "q",
                    "Förhandsmötet sparade oss flera veckor – vi visste exakt vilka ritningar som behövdes.",
                    "Villaägare som byggde ett uterum",
                ),
                (
                    "p",
                    "Du får inte börja bygga förrän du har fått ett startbesked. Avgiften för bygglovet beror på "
                    "hur stort och komplicerat projektet är och tas ut enligt kommunens taxa.",
                ),
            ],
        },
        "nb": {
            "title": "Byggetillatelse",
            "slug": "byggetillatelse",
            "intro": "Du trenger byggetillatelse for å bygge nytt, bygge på eller endre bruken av en bygning. Her "
            "får du vite hvordan du søker og hvor lang tid det tar.",
            "body": [
                (
                    "p",
                    "Start med å sjekke hva reguleringsplanen sier om eiendommen din. Du kan bestille et gratis "
                    "forhåndsmøte med en byggesaksbehandler som går gjennom planene dine og forteller hvilke "
                    "dokumenter du trenger.",
                ),
                (
                    "p",
                    "Søknaden sender du digitalt via kommunens e-tjeneste. Sammen med søknaden legger du blant "
                    "annet ved situasjonsplan, fasadetegninger og plantegning. Når søknaden er komplett, har "
                    "kommunen ti uker på seg til å fatte vedtak.",
                ),
                (
                    "q",
                    "Forhåndsmøtet sparte oss for flere uker – vi visste nøyaktig hvilke tegninger som trengtes.",
                    "Huseier som bygde et hagerom",
                ),
                (
                    "p",
                    "Du kan ikke begynne å bygge før du har fått startbesked. Gebyret for byggetillatelsen "
                    "avhenger av hvor stort og komplisert prosjektet er, og beregnes etter kommunens "
                    "gebyrregulativ.",
                ),
            ],
        },
        "da": {
            "title": "Byggetilladelse",
            "slug": "byggetilladelse",
            "intro": "Du skal have byggetilladelse for at bygge nyt, bygge til eller ændre brugen af en bygning. "
            "Her kan du læse, hvordan du ansøger, og hvor lang tid det tager.",
            "body": [
                (
                    "p",
                    "Begynd med at undersøge, hvad lokalplanen siger om din ejendom. Du kan booke et gratis "
                    "forhåndsmøde med en byggesagsbehandler, som gennemgår dine planer og fortæller, hvilke "
                    "dokumenter du skal bruge.",
                ),
                (
                    "p",
                    "Ansøgningen sender du digitalt via kommunens selvbetjening. Sammen med ansøgningen vedlægger "
                    "du blandt andet situationsplan, facadetegninger og plantegning. Når ansøgningen er komplet, "
                    "har kommunen ti uger til at træffe en afgørelse.",
                ),
                (
                    "q",
                    "Forhåndsmødet sparede os for flere uger – vi vidste præcis, hvilke tegninger der skulle bruges.",
                    "Husejer, der byggede en udestue",
                ),
                (
                    "p",
                    "Du må ikke begynde at bygge, før du har fået en byggestarttilladelse. Gebyret for "
                    "byggetilladelsen afhænger af, hvor stort og kompliceret projektet er, og opkræves efter "
                    "kommunens takster.",
                ),
            ],
        },
        "en": {
            "title": "Building permits",
            "slug": "building-permits",
            "intro": "You need a building permit to build something new, extend a building or change how a "
            "building is used. Here you can find out how to apply and how long it takes.",
            "body": [
                (
                    "p",
                    "Start by checking what the local development plan says about your property. You can book a "
                    "free preliminary meeting with a building permit officer who will go through your plans and "
                    "tell you which documents you need.",
                ),
                (
                    "p",
                    "You apply online through the municipality's e-service. With your application you attach, "
                    "among other things, a site plan, elevation drawings and a floor plan. Once your application "
                    "is complete, the municipality has ten weeks to make a decision.",
                ),
                (
                    "q",
                    "The preliminary meeting saved us several weeks – we knew exactly which drawings were needed.",
                    "Homeowner who built a conservatory",
                ),
                (
                    "p",
                    "You may not start building until you have received a start notice. The fee depends on the "
                    "size and complexity of the project and is charged according to the municipality's fee "
                    "schedule.",
                ),
            ],
        },
    },
]
